import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fullDevice, hasFullDevice } from '../../test/full-disk.ts';
import { TraceWriteError, TraceWriter } from './trace-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'lamas-trace-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('TraceWriter', () => {
  it('appends one JSON row per line, creating the directory', () => {
    const path = join(dir, 'nested', 'trace.jsonl');
    const trace = TraceWriter.open(path);
    trace.write({ kind: 'llm', n: 1 });
    trace.write({ kind: 'operator', n: 2 });
    trace.close();
    expect(readFileSync(path, 'utf8')).toBe('{"kind":"llm","n":1}\n{"kind":"operator","n":2}\n');
    expect(trace.errors).toBe(0);
    expect(trace.firstError).toBeUndefined();
  });

  it('a file that cannot be opened is a TraceWriteError naming it', () => {
    const path = join(dir, 'trace.jsonl', 'under-a-file.jsonl');
    TraceWriter.open(join(dir, 'trace.jsonl')).close();
    expect(() => TraceWriter.open(path)).toThrow(TraceWriteError);
    expect(() => TraceWriter.open(path)).toThrow(new RegExp(`^trace ${path.replace(/[.]/g, '\\.')} could not be opened \\(`));
  });

  it('a write after close is counted, never thrown', () => {
    const warnings: string[] = [];
    const trace = TraceWriter.open(join(dir, 'closed.jsonl'), { warn: (line) => warnings.push(line) });
    trace.close();
    expect(() => trace.write({ late: true })).not.toThrow();
    expect(trace.errors).toBe(1);
    expect(warnings).toHaveLength(1);
  });

  it.skipIf(!hasFullDevice)('on a full disk: never throws, counts every lost row, warns once naming the file and the OS error, reports each to onError', () => {
    const warnings: string[] = [];
    const errors: TraceWriteError[] = [];
    const trace = TraceWriter.open(fullDevice, { warn: (line) => warnings.push(line), onError: (error) => errors.push(error) });
    for (let i = 0; i < 5; i++) expect(() => trace.write({ row: i })).not.toThrow();
    trace.close();
    expect(trace.errors).toBe(5);
    expect(errors).toHaveLength(5);
    expect(errors[0]).toBeInstanceOf(TraceWriteError);
    expect(errors[0]!.code).toBe('ENOSPC');
    expect(errors[0]!.path).toBe(fullDevice);
    expect(trace.firstError).toBe(errors[0]);
    expect(warnings).toEqual([`lamas: warning: trace ${fullDevice} could not be written (ENOSPC: no space left on device, write); answers are unaffected, rows that cannot be written are counted as traceErrors`]);
  });
});
