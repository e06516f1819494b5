import { LamasError } from '../../util/errors.ts';

/**
 * The cache file cannot be used: not an SQLite database, corrupt, not a lamas cache, or not
 * openable. Raised instead of a raw SQLite error so the user learns which file to fix or delete.
 * Exit code 2: the file is input the user pointed us at (`--cache PATH`).
 */
export class CacheFileError extends LamasError {
  override readonly exitCode = 2;
  override readonly name = 'CacheFileError';
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`LLM cache ${path}: ${reason}`, options);
  }
}

/** The cache file was written by a newer lamas; reading it could misinterpret its rows. */
export class CacheSchemaError extends LamasError {
  override readonly exitCode = 2;
  override readonly name = 'CacheSchemaError';
  constructor(
    readonly path: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `LLM cache ${path}: schema version ${found} is newer than the ${supported} this lamas supports; ` +
        'upgrade lamas or use another --cache path',
    );
  }
}
