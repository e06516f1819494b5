import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where trace rows go; the executor and the LLM client share one per run. */
export interface TraceSink {
  write(row: object): void;
}

/**
 * JSONL trace written as the run goes: one write(2) per row on an append-mode descriptor,
 * so a crash loses at most the row being written, never earlier ones.
 */
export class TraceWriter implements TraceSink {
  private fd: number | null;

  private constructor(
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  static open(path: string): TraceWriter {
    mkdirSync(dirname(path), { recursive: true });
    return new TraceWriter(path, openSync(path, 'a'));
  }

  write(row: object): void {
    if (this.fd === null) throw new Error(`trace ${this.path} is closed`);
    writeSync(this.fd, `${JSON.stringify(row)}\n`);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** Keeps rows in memory (tests, and runs without --out). */
export class MemoryTrace implements TraceSink {
  readonly rows: object[] = [];
  write(row: object): void {
    this.rows.push(row);
  }
}
