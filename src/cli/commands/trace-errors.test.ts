import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fullDiskFile, hasFullDevice } from '../../../test/full-disk.ts';
import { runCli } from '../../../test/capture-cli.ts';
import { loadCheckpoint } from '../../controller/checkpoint.ts';

/** Issue 12: a trace that cannot be written (a full disk) never changes an answer; it is counted, and said loudly. */

const dir = mkdtempSync(join(tmpdir(), 'lamas-trace-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter((line) => line !== '');
}

/** Runs the same command into a run directory with a working trace and one whose trace.jsonl is /dev/full. */
async function runBoth(name: string, args: string[]) {
  const good = join(dir, `${name}-good`);
  const full = join(dir, `${name}-full`);
  const trace = fullDiskFile(full);
  const ok = await runCli([...args, '--out', good, '--json']);
  const bad = await runCli([...args, '--out', full, '--json']);
  return { good, full, trace, ok, bad };
}

function expectOneWarning(stderr: string, trace: string): void {
  const warnings = stderr.split('\n').filter((line) => line.startsWith('lamas: warning: trace'));
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain(trace);
  expect(warnings[0]).toContain('ENOSPC');
}

describe.skipIf(!hasFullDevice)('a trace on a full disk (/dev/full)', () => {
  for (const [name, args] of [
    ['run', ['run', '--task', 'gsm8k', '--limit', '6', '--topology', 'CoT, MultiCoT > ScEnsemble']],
    ['run --strategy teams', ['run', '--task', 'gsm8k', '--limit', '4', '--topology', 'cot', '--strategy', 'teams', '--teams', '2', '--mode', 'aggregate', '--planning', 'none']],
  ] as const) {
    it(`${name}: same answers and summary as with a working trace, every lost row counted in traceErrors, exit 1 naming the file`, async () => {
      const { good, full, trace, ok, bad } = await runBoth(name.replace(/\W+/g, '-'), [...args]);
      expect(ok.code, ok.stderr).toBe(0);
      const okSummary = JSON.parse(ok.stdout) as Record<string, unknown>;
      expect(okSummary.traceErrors).toBe(0);

      // The answers stand and the whole summary is still printed (exactly one JSON object) and written.
      const badSummary = JSON.parse(bad.stdout) as Record<string, unknown>;
      expect(badSummary.traceErrors).toBe(lines(join(good, 'trace.jsonl')).length);
      expect({ ...badSummary, traceErrors: 0 }).toEqual(okSummary);
      expect(JSON.parse(readFileSync(join(full, 'summary.json'), 'utf8'))).toEqual(badSummary);
      const answers = (path: string) => lines(join(path, 'results.jsonl')).map((line) => (JSON.parse(line) as { answer: unknown }).answer);
      expect(answers(full)).toEqual(answers(good));
      expect(answers(full).some((answer) => answer !== null)).toBe(true);
      expect(readFileSync(join(full, 'results.jsonl'), 'utf8')).toBe(readFileSync(join(good, 'results.jsonl'), 'utf8'));

      // Said loudly: one warning when it happens, and exit 1 with the count, the file and the OS error.
      expectOneWarning(bad.stderr, trace);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(new RegExp(`^lamas: trace ${escape(trace)}: ${badSummary.traceErrors} rows could not be written \\(ENOSPC: no space left on device, write\\)`, 'm'));
      expect(bad.stderr).not.toContain('unexpected failure');
    });
  }

  it('train: a final evaluation whose trace cannot be written stops with a named error (exit 1); the checkpoint is whole and eval counts the same way', async () => {
    const out = join(dir, 'train');
    const trace = fullDiskFile(join(out, 'eval'));
    const trained = await runCli(['train', '--task', 'gsm8k', '--limit', '8', '--epochs', '1', '--out', out, '--json']);
    expect(trained.code).toBe(1);
    expect(trained.stdout).toBe('');
    expect(trained.stderr).toMatch(new RegExp(`^lamas: trace ${escape(trace)} could not be written \\(ENOSPC: no space left on device, write\\)`, 'm'));
    expect(trained.stderr).toContain(join(out, 'checkpoint'));
    expect(trained.stderr).not.toContain('unexpected failure');
    // Stopped, not finished unrecorded: no evaluation summary, no training summary.
    expect(existsSync(join(out, 'eval', 'summary.json'))).toBe(false);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
    // The checkpoint was written (atomically) before the evaluation began, and loads.
    const checkpoint = await loadCheckpoint(join(out, 'checkpoint'));
    expect(checkpoint.training.done).toBe(true);

    // `lamas eval` on it behaves like `lamas run`: answers stand, the lost rows are counted, exit 1.
    const { good, trace: evalTrace, ok, bad } = await runBoth('eval', ['eval', '--checkpoint', join(out, 'checkpoint'), '--limit', '4']);
    expect(ok.code, ok.stderr).toBe(0);
    const okSummary = JSON.parse(ok.stdout) as Record<string, unknown>;
    const badSummary = JSON.parse(bad.stdout) as Record<string, unknown>;
    expect(badSummary.traceErrors).toBe(lines(join(good, 'trace.jsonl')).length);
    expect({ ...badSummary, traceErrors: 0 }).toEqual(okSummary);
    expectOneWarning(bad.stderr, evalTrace);
    expect(bad.code).toBe(1);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
