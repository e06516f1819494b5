import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/capture-cli.ts';

const fixtures = join(import.meta.dirname, '../../test/fixtures/replay');
const root = mkdtempSync(join(tmpdir(), 'lamas-replay-train-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const replay = ['--llm', 'replay:gpt-4o-mini', '--replay-dir', join(fixtures, 'dir')];
const tiny = ['--task', 'gsm8k', '--data', join(fixtures, 'gsm8k-questions.jsonl'), '--epochs', '1', '--batch-size', '3', '--no-eval', '--json'];
const operatorsOf = (out: string): string[] => (JSON.parse(readFileSync(join(out, 'checkpoint', 'controller.json'), 'utf8')) as { spec: { operators: string[] } }).spec.operators;

describe('a controller and a replay backend that covers some roles only', { timeout: 240_000 }, () => {
  it('trains on replay choosing only among the operators the model covers', async () => {
    const out = join(root, 'replay-trained');
    const result = await runCli(['train', ...replay, ...tiny, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    // gpt-4o-mini's recordings are direct and CoT answers: no programs, so no Programmer to choose.
    expect(operatorsOf(out)).toEqual(['Generate', 'CoT', 'MultiCoT', 'ScEnsemble', 'SelfRefine', 'EarlyStop']);
  });

  it('evaluates that controller on replay: a checkpoint over the covered subset of the operators loads', async () => {
    const out = join(root, 'replay-trained');
    const evaluated = await runCli(['eval', '--checkpoint', out, ...replay, '--data', join(fixtures, 'gsm8k-questions.jsonl'), '--json']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const summary = JSON.parse(evaluated.stdout) as { n: number; simulated: boolean; topologies: Record<string, number> };
    expect(summary).toMatchObject({ n: 3, simulated: false });
    expect(Object.keys(summary.topologies).join(' ')).not.toContain('Programmer');
  });

  it('refuses, with exit 2 naming --llm, to evaluate on replay a controller that may choose an uncovered operator', async () => {
    const out = join(root, 'sim-trained');
    const trained = await runCli(['train', ...tiny, '--out', out]);
    expect(trained.code, trained.stderr).toBe(0);
    expect(operatorsOf(out)).toContain('Programmer');
    const evaluated = await runCli(['eval', '--checkpoint', out, ...replay, '--data', join(fixtures, 'gsm8k-questions.jsonl'), '--json']);
    expect(evaluated.code).toBe(2);
    expect(evaluated.stderr).toMatch(/^lamas: --llm: the checkpoint's controller may choose .*Programmer \(programmer\)/m);
    expect(evaluated.stdout).toBe('');
  });
});
