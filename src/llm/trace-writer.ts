import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { LamasError } from '../util/errors.ts';

/**
 * Where trace rows go; the executor and the LLM client share one per run. `write` never throws:
 * a trace is a record of the answers, never a reason to lose one (a sink that could not store a
 * row counts it in `errors`).
 */
export interface TraceSink {
  write(row: object): void;
  /** Rows that could not be stored so far (a full disk, say); absent for sinks that cannot fail. */
  readonly errors?: number;
}

/** A trace file could not be opened or written; names the file and the OS error. */
export class TraceWriteError extends LamasError {
  override readonly name = 'TraceWriteError';
  /** The OS error code (ENOSPC, EIO, ...), when there is one. */
  readonly code: string | undefined;
  /** The OS error's own text, e.g. "ENOSPC: no space left on device, write". */
  readonly reason: string;

  constructor(
    readonly path: string,
    cause: unknown,
    options: { verb?: 'opened' | 'written'; detail?: string } = {},
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`trace ${path} could not be ${options.verb ?? 'written'} (${reason})${options.detail ? `: ${options.detail}` : ''}`, { cause });
    this.reason = reason;
    const code = (cause as { code?: unknown } | null)?.code;
    this.code = typeof code === 'string' ? code : undefined;
  }

  /** The same failure, saying what it stopped. */
  withDetail(detail: string): TraceWriteError {
    return new TraceWriteError(this.path, this.cause, { detail });
  }
}

/** A run finished with every answer, but some of its trace rows could not be written (exit 1 after the results are out). */
export class IncompleteTraceError extends LamasError {
  override readonly name = 'IncompleteTraceError';
  constructor(
    readonly path: string,
    readonly lost: number,
    reason: string | undefined,
    consequence: string,
  ) {
    super(`trace ${path}: ${lost} row${lost === 1 ? '' : 's'} could not be written${reason ? ` (${reason})` : ''}; ${consequence}`);
  }
}

export interface TraceWriterOptions {
  /** Called for every row that could not be written (after the first one's warning). */
  onError?: (error: TraceWriteError) => void;
  /** Where the one-line warning about the first lost row goes (default: stderr). */
  warn?: (line: string) => void;
}

/**
 * JSONL trace written as the run goes: one write(2) per row on an append-mode descriptor,
 * so a crash loses at most the row being written, never earlier ones. A row that cannot be
 * written (ENOSPC, EIO, ...) is counted in `errors`, the first one is reported on stderr, and
 * the run goes on: the caller decides from `errors` whether that fails it.
 */
export class TraceWriter implements TraceSink {
  private fd: number | null;
  private lost = 0;
  private first: TraceWriteError | undefined;
  /** The last write stopped part-way: the next row starts on a new line, so the torn one stays alone. */
  private torn = false;

  private constructor(
    readonly path: string,
    fd: number,
    private readonly options: TraceWriterOptions,
  ) {
    this.fd = fd;
  }

  /** Opens (creating the directory) for appending; a file that cannot be opened is a TraceWriteError. */
  static open(path: string, options: TraceWriterOptions = {}): TraceWriter {
    try {
      mkdirSync(dirname(path), { recursive: true });
      return new TraceWriter(path, openSync(path, 'a'), options);
    } catch (error) {
      throw new TraceWriteError(path, error, { verb: 'opened' });
    }
  }

  /** Rows that could not be written. */
  get errors(): number {
    return this.lost;
  }

  /** The first row's failure, if any row was lost. */
  get firstError(): TraceWriteError | undefined {
    return this.first;
  }

  write(row: object): void {
    let written = 0;
    try {
      if (this.fd === null) throw new Error('the trace is closed');
      const bytes = Buffer.from(`${this.torn ? '\n' : ''}${JSON.stringify(row)}\n`);
      // One write(2) in practice; a short write (a disk filling up) is finished by the next ones.
      while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
      this.torn = false;
    } catch (error) {
      if (written > 0) this.torn = true;
      this.fail(new TraceWriteError(this.path, error));
    }
  }

  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    try {
      closeSync(fd);
    } catch (error) {
      // Some filesystems report a failed delayed write only here.
      this.fail(new TraceWriteError(this.path, error));
    }
  }

  private fail(error: TraceWriteError): void {
    this.lost++;
    if (this.first === undefined) {
      this.first = error;
      const warn = this.options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
      warn(`lamas: warning: ${error.message}; answers are unaffected, rows that cannot be written are counted as traceErrors`);
    }
    this.options.onError?.(error);
  }
}

/** Keeps rows in memory (tests, and runs without --out). */
export class MemoryTrace implements TraceSink {
  readonly rows: object[] = [];
  write(row: object): void {
    this.rows.push(row);
  }
}
