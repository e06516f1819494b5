const marker = Symbol.for('lamas.error');

/** Base of every error lamas raises on purpose; `exitCode` follows the CLI contract (2 = bad usage or input). */
export class LamasError extends Error {
  readonly [marker] = true;
  readonly exitCode: number = 1;

  static isInstance(value: unknown): value is LamasError {
    return typeof value === 'object' && value !== null && marker in value;
  }
}

/** A bad flag or flag combination on the command line. */
export class UsageError extends LamasError {
  override readonly exitCode = 2;
  override readonly name = 'UsageError';
  constructor(
    /** The cause without the flag, for a caller that restates it under another flag. */
    readonly reason: string,
    readonly flag?: string,
  ) {
    super(flag ? `${flag}: ${reason}` : reason);
  }
}

export interface InputLocation {
  file: string;
  line?: number;
  field?: string;
}

/** Bad content in a file the user gave us; the message names file, line and field. */
export class InputError extends LamasError {
  override readonly exitCode = 2;
  override readonly name = 'InputError';
  readonly location: InputLocation;
  constructor(location: InputLocation, reason: string) {
    super(`${formatLocation(location)}: ${reason}`);
    this.location = location;
  }
}

/** Downloaded bytes did not match the pinned checksum. */
export class ChecksumError extends LamasError {
  override readonly name = 'ChecksumError';
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`${file}: sha256 ${actual} does not match the pinned ${expected}`);
  }
}

export function formatLocation({ file, line, field }: InputLocation): string {
  let text = file;
  if (line !== undefined) text += `:${line}`;
  if (field !== undefined) text += ` field "${field}"`;
  return text;
}
