import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { LamasError, UsageError } from './errors.ts';

/**
 * I/O errors at the CLI boundary (issue 17.4): an unwritable `--out`, a full disk, a busy
 * `--port` are the user's to fix, so they end as one line naming the flag and the path and exit
 * 2, never as a stack trace. The places that write what a flag names carry the flag
 * (`withOutputFlag`, `flagIoErrorSync`); `reportError` (src/cli/main.ts) turns what is left into
 * exit codes.
 */

/** A Node system error (`fs`, `net`): an `E...` code and the syscall that failed. */
export interface SystemError extends Error {
  code: string;
  syscall?: string;
  path?: string;
  dest?: string;
  address?: string;
  port?: number;
}

/** Codes the user can act on (permissions, read-only or full file systems, wrong paths, busy ports): exit 2. */
const userFixableCodes = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EFBIG', 'ENOENT', 'ENOTDIR', 'EISDIR', 'EEXIST', 'ENOTEMPTY', 'ENAMETOOLONG', 'ELOOP', 'EXDEV', 'EMLINK', 'EADDRINUSE', 'EADDRNOTAVAIL']);

export function isSystemError(error: unknown): error is SystemError {
  if (!(error instanceof Error)) return false;
  const { code, syscall } = error as Partial<SystemError>;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) && typeof syscall === 'string';
}

/** The system error itself, or the one behind a lamas error (its `cause`). */
export function systemErrorOf(error: unknown): SystemError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (isSystemError(current)) return current;
  }
  return undefined;
}

/** Exit code of a system error: 2 when the user can fix it (the path, the disk, the port), else 1. */
export function systemErrorExitCode(error: SystemError): number {
  return userFixableCodes.has(error.code) ? 2 : 1;
}

/** Syscalls that only read: their failure is "cannot read" (an existing checkpoint in --out, say). */
const readingSyscalls = new Set(['read', 'scandir', 'stat', 'lstat', 'readlink', 'access', 'opendir']);

/** A file or directory a flag names could not be written (or a port not bound); one line, exit 2. */
export class OutputError extends LamasError {
  override readonly name = 'OutputError';
  override readonly exitCode: number;
  /** The OS error code (EACCES, ENOSPC, ...). */
  readonly code: string;

  constructor(
    /** What could not be written (the file or directory). */
    readonly path: string,
    readonly systemError: SystemError,
    /** The flag that named it, when known (`--out`, `--trace`). */
    readonly flag?: string,
  ) {
    super(`${flag ? `${flag}: ` : ''}cannot ${readingSyscalls.has(systemError.syscall ?? '') ? 'read' : 'write'} ${path} (${systemError.message})`, { cause: systemError });
    this.code = systemError.code;
    this.exitCode = systemErrorExitCode(systemError);
  }

  withFlag(flag: string): OutputError {
    return new OutputError(this.path, this.systemError, flag);
  }
}

/** Whether `path` is `target`, inside it, or one of its parents (a directory that had to be created for it). */
export function concernsPath(path: string, target: string): boolean {
  const inside = (child: string, parent: string) => {
    const rel = relative(resolve(parent), resolve(child));
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  return inside(path, target) || inside(target, path);
}

/**
 * Names `flag` in an I/O error about `target` (the directory or file the flag names): a system
 * error, or an OutputError without a flag, whose path is `target`, inside it or a parent of it
 * becomes an OutputError with the flag. Anything else (a lamas error, an error about another
 * file) is returned unchanged.
 */
export function flagIoError(error: unknown, flag: string, target: string): unknown {
  if (error instanceof OutputError) return !error.flag && concernsPath(error.path, target) ? error.withFlag(flag) : error;
  if (!isSystemError(error)) return error;
  const path = error.path ?? error.dest;
  if (path === undefined || !concernsPath(path, target)) return error;
  return new OutputError(path, error, flag);
}

/** Runs `fn`; an I/O error about `target` comes out naming `flag` (see flagIoError). */
export async function withOutputFlag<T>(flag: string, target: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw flagIoError(error, flag, target);
  }
}

/**
 * Runs `fn`, which writes `target` and nothing else: any I/O failure in it (also one a lamas error
 * wraps, such as a trace that could not be opened) becomes an OutputError naming `flag`.
 */
export function flagIoErrorSync<T>(flag: string, target: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    const system = systemErrorOf(error);
    if (!system) throw error;
    throw new OutputError(target, system, flag);
  }
}

/** A server could not listen on `host:port`: a busy port or one that needs privileges, naming `--port` (or `--host`). */
export function listenError(error: unknown, host: string, port: number): unknown {
  const system = systemErrorOf(error);
  if (!system) return error;
  if (system.code === 'EADDRINUSE') return new PortError('--port', `${host}:${port} is already in use (EADDRINUSE): stop what listens there, or pick another --port (0 picks a free one)`);
  if (system.code === 'EACCES') return new PortError('--port', `no permission to listen on ${host}:${port} (EACCES): ports below 1024 need privileges; pick another --port`);
  if (system.code === 'EADDRNOTAVAIL' || system.code === 'ENOTFOUND') return new PortError('--host', `cannot listen on ${host}: not an address of this machine (${system.code})`);
  return error;
}

/** A server could not bind (exit 2, naming the flag). */
export class PortError extends LamasError {
  override readonly name = 'PortError';
  override readonly exitCode = 2;
  constructor(
    readonly flag: string,
    reason: string,
  ) {
    super(`${flag}: ${reason}`);
  }
}

/**
 * Fails fast (before hours of work) when the file `flag` names cannot be written: creates its
 * directory and a probe file beside it, as the atomic write at the end will, then removes the
 * probe. A directory at `path` is refused too.
 */
export function checkWritableFile(path: string, flag: string): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    // missing: fine, it will be created
  }
  if (isDirectory) throw new UsageError(`${path} is a directory; give a file path`, flag);
  const probe = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.probe`;
  flagIoErrorSync(flag, path, () => {
    mkdirSync(dirname(path), { recursive: true });
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
  });
}
