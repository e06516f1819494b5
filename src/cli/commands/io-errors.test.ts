import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../test/capture-cli.ts';
import { getTask } from '../../tasks/registry.ts';

/**
 * Issue 17.4: an output that cannot be written, a busy port, an empty training file are the
 * user's to fix: exit 2 and one line naming the flag and the path — never "unexpected failure"
 * and a stack trace. Tests run as root here, where permissions do not stop a write, so an
 * unwritable path is one under a regular file (ENOTDIR), which stops every user.
 */

const root = mkdtempSync(join(tmpdir(), 'lamas-io-errors-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const aFile = join(root, 'a-file');
writeFileSync(aFile, 'not a directory\n');
/** A path no one can create: its parent is a regular file. */
const unwritable = (name: string) => join(aFile, name);

const twoProblems = join(root, 'two.jsonl');
writeFileSync(twoProblems, [{ question: 'What is 9 + 9?', answer: '#### 18' }, { question: 'What is 3 + 4?', answer: '#### 7' }].map((row) => `${JSON.stringify(row)}\n`).join(''));
const tinyTrain = ['--task', 'gsm8k', '--limit', '4', '--epochs', '1', '--checkpoint-every', '1'];

function expectNamed(result: { code: number; stdout: string; stderr: string }, flag: string, path: string): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(new RegExp(`^lamas: ${flag}: .*${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
  expect(result.stderr).not.toContain('unexpected failure');
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe('I/O errors end as exit 2 naming the flag', () => {
  it('an --out that cannot be created (run, train, sweep, eval) and a serve --trace that cannot be opened', async () => {
    expectNamed(await runCli(['run', '--task', 'gsm8k', '--data', twoProblems, '--out', unwritable('run')]), '--out', unwritable('run'));
    expectNamed(await runCli(['train', ...tinyTrain, '--no-eval', '--out', unwritable('train')]), '--out', unwritable('train'));
    expectNamed(await runCli(['sweep', ...tinyTrain, '--test-data', twoProblems, '--lambda-t', '0', '--baselines', 'generate', '--out', unwritable('sweep')]), '--out', unwritable('sweep'));

    const trained = join(root, 'trained');
    expect((await runCli(['train', ...tinyTrain, '--no-eval', '--out', trained])).code).toBe(0);
    expectNamed(await runCli(['eval', '--checkpoint', trained, '--data', twoProblems, '--out', unwritable('eval')]), '--out', unwritable('eval'));

    // serve --trace: refused before the server listens.
    expectNamed(await runCli(['serve', '--checkpoint', trained, '--port', '0', '--trace', unwritable('trace.jsonl')]), '--trace', unwritable('trace.jsonl'));
  });

  it('grade --out that cannot be written fails before anything is graded', async () => {
    const predictions = join(root, 'predictions.jsonl');
    writeFileSync(predictions, `${JSON.stringify({ id: 0, output: '18' })}\n${JSON.stringify({ id: 1, output: '7' })}\n`);
    const grade = vi.spyOn(getTask('gsm8k'), 'grade');
    try {
      expectNamed(await runCli(['grade', '--task', 'gsm8k', '--data', twoProblems, '--predictions', predictions, '--out', unwritable('graded.jsonl')]), '--out', unwritable('graded.jsonl'));
      expect(grade).not.toHaveBeenCalled();
      // A directory is no file to write either.
      const asDirectory = await runCli(['grade', '--task', 'gsm8k', '--data', twoProblems, '--predictions', predictions, '--out', root]);
      expect(asDirectory.code).toBe(2);
      expect(asDirectory.stderr).toContain(`--out: ${root} is a directory`);
      expect(grade).not.toHaveBeenCalled();
    } finally {
      grade.mockRestore();
    }
  });

  it('sim-server on a busy port (EADDRINUSE) names --port and the address', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const result = await runCli(['sim-server', '--port', String(port), '--sim-time', 'virtual']);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^lamas: --port: 127\\.0\\.0\\.1:${port} is already in use \\(EADDRINUSE\\)`, 'm'));
      expect(result.stderr).not.toMatch(/^\s+at /m);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });

  it('train on an empty data file is bad input naming the file, not a tfjs failure', async () => {
    const empty = join(root, 'empty.jsonl');
    writeFileSync(empty, '');
    const result = await runCli(['train', '--task', 'gsm8k', '--data', empty, '--no-eval', '--out', join(root, 'train-empty')]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^lamas: ${empty.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: holds no problems`, 'm'));
    expect(result.stderr).not.toContain('concat');
  });
});
