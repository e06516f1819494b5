import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/capture-cli.ts';

/** Issue 17.2: an --out that holds another run is refused (exit 2) unless --overwrite (or, for train, --resume). */

const root = mkdtempSync(join(tmpdir(), 'lamas-out-guard-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const tinyTrain = ['--limit', '4', '--epochs', '1', '--checkpoint-every', '1', '--no-eval'];
/** Two gsm8k problems: evaluations and sweeps on it stay short. */
const testData = join(root, 'two.jsonl');
writeFileSync(testData, [{ question: 'What is 9 + 9?', answer: '9 + 9 = 18\n#### 18' }, { question: 'What is 3 + 4?', answer: '3 + 4 = 7\n#### 7' }].map((row) => `${JSON.stringify(row)}\n`).join(''));

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter((line) => line !== '');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isoSecond = /last written \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/;

describe('an --out that holds a run', () => {
  it('train: refused naming the directory, its task, step and time and both ways out; --overwrite deletes the old run (its stale eval/ too) and keeps other files', async () => {
    const out = join(root, 'train');
    const first = await runCli(['train', '--task', 'gsm8k', ...tinyTrain, '--out', out, '--json']);
    expect(first.code, first.stderr).toBe(0);
    // A stale evaluation beside it, as an earlier full train leaves, and a file that is not lamas's.
    mkdirSync(join(out, 'eval'));
    writeFileSync(join(out, 'eval', 'summary.json'), JSON.stringify({ task: 'gsm8k', n: 2 }));
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const before = { metrics: readFileSync(join(out, 'metrics.csv'), 'utf8'), controller: readFileSync(join(out, 'checkpoint', 'controller.json'), 'utf8') };

    const refused = await runCli(['train', '--task', 'math', ...tinyTrain, '--out', out, '--json']);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(new RegExp(`^lamas: --out: ${escape(out)} already holds a training run \\(task gsm8k, step 1, finished, `, 'm'));
    expect(refused.stderr).toMatch(isoSecond);
    expect(refused.stderr).toContain('--resume');
    expect(refused.stderr).toContain('--overwrite');
    expect(refused.stderr).not.toContain('unexpected failure');
    // Nothing was touched.
    expect(readFileSync(join(out, 'metrics.csv'), 'utf8')).toBe(before.metrics);
    expect(readFileSync(join(out, 'checkpoint', 'controller.json'), 'utf8')).toBe(before.controller);
    expect(existsSync(join(out, 'eval', 'summary.json'))).toBe(true);

    const both = await runCli(['train', '--task', 'gsm8k', ...tinyTrain, '--out', out, '--resume', '--overwrite']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--overwrite');

    const replaced = await runCli(['train', '--task', 'math', ...tinyTrain, '--out', out, '--overwrite', '--json']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stderr).toContain(`--overwrite: deleting the earlier run in ${out}: a training run (task gsm8k`);
    expect(existsSync(join(out, 'eval'))).toBe(false);
    expect(JSON.parse(readFileSync(join(out, 'checkpoint', 'controller.json'), 'utf8'))).toMatchObject({ spec: { task: 'math' }, training: { step: 1 } });
    expect(lines(join(out, 'metrics.csv'))).toHaveLength(2);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('train --resume on a missing or empty --out is exit 2 naming the directory, and creates nothing', async () => {
    const missing = join(root, 'never-trained');
    const gone = await runCli(['train', '--task', 'gsm8k', ...tinyTrain, '--out', missing, '--resume']);
    expect(gone.code, gone.stderr).toBe(2);
    expect(gone.stderr).toMatch(new RegExp(`^lamas: --resume: ${escape(missing)} does not exist`, 'm'));
    expect(existsSync(missing)).toBe(false);

    const empty = join(root, 'empty');
    mkdirSync(empty);
    const nothing = await runCli(['train', '--task', 'gsm8k', ...tinyTrain, '--out', empty, '--resume']);
    expect(nothing.code, nothing.stderr).toBe(2);
    expect(nothing.stderr).toMatch(new RegExp(`^lamas: --resume: ${escape(empty)} holds no training run to continue`, 'm'));
    expect(existsSync(join(empty, 'metrics.csv'))).toBe(false);
  });

  it('run: a second run into the same --out is refused; --overwrite replaces it, trace.jsonl included (not appended to)', async () => {
    const out = join(root, 'run');
    const args = ['run', '--task', 'gsm8k', '--data', testData, '--topology', 'cot', '--out', out, '--json'];
    const first = await runCli(args);
    expect(first.code, first.stderr).toBe(0);
    const traceRows = lines(join(out, 'trace.jsonl')).length;
    expect(traceRows).toBeGreaterThan(0);

    const refused = await runCli(args);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(new RegExp(`^lamas: --out: ${escape(out)} already holds a run \\(task gsm8k, 2 queries, `, 'm'));
    expect(refused.stderr).toContain('--overwrite');
    expect(lines(join(out, 'trace.jsonl'))).toHaveLength(traceRows);

    const replaced = await runCli([...args, '--overwrite']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(JSON.parse(replaced.stdout)).toEqual(JSON.parse(first.stdout));
    // The same run again: exactly as many trace rows as the first, not twice as many.
    expect(lines(join(out, 'trace.jsonl'))).toHaveLength(traceRows);
  });

  it('a run stopped before its results (only a trace.jsonl) counts as a run; --overwrite without --out is bad usage', async () => {
    const out = join(root, 'stopped');
    mkdirSync(out);
    writeFileSync(join(out, 'trace.jsonl'), '{"kind":"llm"}\n');
    const refused = await runCli(['run', '--task', 'gsm8k', '--data', testData, '--out', out]);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(`${out} already holds a stopped run (only its trace.jsonl)`);
    const stray = await runCli(['run', '--task', 'gsm8k', '--data', testData, '--overwrite']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/^lamas: --overwrite: only applies with --out/m);
  });

  it('eval --out and sweep --out refuse a directory holding a run (a sweep also one whose λt directory does); sweep --overwrite clears the old sweep', async () => {
    const trained = join(root, 'for-eval');
    expect((await runCli(['train', '--task', 'gsm8k', ...tinyTrain, '--out', trained])).code).toBe(0);
    const evalOut = join(root, 'eval-out');
    mkdirSync(evalOut);
    writeFileSync(join(evalOut, 'summary.json'), JSON.stringify({ task: 'gsm8k', n: 5, topologies: {} }));
    const evalRefused = await runCli(['eval', '--checkpoint', trained, '--data', testData, '--out', evalOut]);
    expect(evalRefused.code, evalRefused.stderr).toBe(2);
    expect(evalRefused.stderr).toMatch(new RegExp(`^lamas: --out: ${escape(evalOut)} already holds an evaluation \\(task gsm8k, 5 queries, `, 'm'));
    // --overwrite never deletes the checkpoint it evaluates.
    const own = await runCli(['eval', '--checkpoint', join(trained, 'checkpoint'), '--data', testData, '--out', trained, '--overwrite']);
    expect(own.code, own.stderr).toBe(2);
    expect(own.stderr).toContain('--overwrite would delete');
    expect(existsSync(join(trained, 'checkpoint', 'controller.json'))).toBe(true);

    const sweepArgs = ['sweep', '--task', 'gsm8k', ...tinyTrain.filter((arg) => arg !== '--no-eval'), '--test-data', testData, '--lambda-t', '0', '--baselines', 'generate'];
    const lambdaBusy = join(root, 'sweep-lambda');
    mkdirSync(join(lambdaBusy, 'lambda-0'), { recursive: true });
    writeFileSync(join(lambdaBusy, 'lambda-0', 'metrics.csv'), 'pass,batch,step\n0,0,1\n0,1,2\n');
    const lambdaRefused = await runCli([...sweepArgs, '--out', lambdaBusy]);
    expect(lambdaRefused.code, lambdaRefused.stderr).toBe(2);
    expect(lambdaRefused.stderr).toMatch(new RegExp(`^lamas: --out: ${escape(lambdaBusy)} already holds a sweep \\(.*lambda-0/\\)`, 'm'));

    const old = join(root, 'sweep-old');
    mkdirSync(join(old, 'lambda-0.9', 'eval'), { recursive: true });
    writeFileSync(join(old, 'sweep.csv'), 'name\nstale-row\n');
    writeFileSync(join(old, 'lambda-0.9', 'eval', 'summary.json'), '{"task":"gsm8k","n":9}');
    const sweepRefused = await runCli([...sweepArgs, '--out', old]);
    expect(sweepRefused.code, sweepRefused.stderr).toBe(2);
    expect(sweepRefused.stderr).toMatch(new RegExp(`^lamas: --out: ${escape(old)} already holds a sweep \\(task gsm8k, `, 'm'));
    const swept = await runCli([...sweepArgs, '--out', old, '--overwrite', '--json']);
    expect(swept.code, swept.stderr).toBe(0);
    expect(existsSync(join(old, 'lambda-0.9'))).toBe(false);
    expect(readFileSync(join(old, 'sweep.csv'), 'utf8')).not.toContain('stale-row');
    expect(existsSync(join(old, 'lambda-0', 'checkpoint', 'controller.json'))).toBe(true);
  });
});
