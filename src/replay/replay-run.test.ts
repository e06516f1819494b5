import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/capture-cli.ts';

const fixtures = join(import.meta.dirname, '../../test/fixtures/replay');
const run = (llm: string, topology: string, data = 'gsm8k-questions.jsonl') =>
  runCli(['run', '--llm', llm, '--replay-dir', join(fixtures, 'dir'), '--task', 'gsm8k', '--data', join(fixtures, data), '--topology', topology, '--json']);

describe('lamas run --llm replay:<model> over self-made recordings', { timeout: 120_000 }, () => {
  it('answers Generate from the recorded direct answers and reports where the answers came from', async () => {
    const result = await run('replay:gpt-4o-mini', 'Generate');
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    // Question 1's recorded direct answer (46) is wrong.
    expect(summary).toMatchObject({ n: 3, accuracy: 2 / 3, llmCalls: 3, backend: 'replay:gpt-4o-mini', simulated: false });
    expect(summary.replay).toEqual({
      recordedCalls: 3,
      synthesizedCalls: 0,
      reusedSamples: 0,
      recordedShare: 1,
      latency: 'modeled',
      sources: ['Tebmer__Rereading-LLM-Reasoning/results/gsm_gpt-4o-mini-2024-07-18_topp1.0_temp0.0_majority1_readtimes1_20240926_221724.jsonl'],
    });
    expect(summary.costUsd).toBeGreaterThan(0);
  });

  it('matches a split with its own ids and order by question text', async () => {
    const result = await run('replay:gpt-4o-mini', 'Generate', 'gsm8k-maas.jsonl');
    expect(result.code, result.stderr).toBe(0);
    // split-b is question 1 (recorded wrong), split-a question 0 (right).
    expect(JSON.parse(result.stdout)).toMatchObject({ n: 2, accuracy: 0.5 });
  });

  it('counts reused samples and synthesized selections in a self-consistency graph', async () => {
    const result = await run('replay:gpt-4o-mini', 'Generate, Generate, Generate > ScEnsemble');
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    // Three samples per question, two recorded (read once, read twice): the third reuses one.
    expect(summary.replay).toMatchObject({ recordedCalls: 9, synthesizedCalls: 3, reusedSamples: 3, recordedShare: 0.75 });
    // Question 1: 46 (read once), 48 (read twice), 46 (reused) -> the plurality keeps the wrong 46.
    expect(summary.accuracy).toBeCloseTo(2 / 3, 9);
  });

  it('runs recorded programs in the sandbox instead of trusting the source answer', async () => {
    const result = await run('replay:gpt-4', 'Programmer');
    expect(result.code, result.stderr).toBe(0);
    // The source recorded 35 for question 2; its program prints 36, the reference. Question 0's
    // program solves an equation with Symbol/Eq/solve_it from the prelude, question 1's a linear
    // system with sympy's solve((equations), (unknowns)).
    expect(JSON.parse(result.stdout)).toMatchObject({ n: 3, accuracy: 1, failures: 0, replay: { recordedCalls: 3 } });
  });

  it('refuses, with exit 2, a topology needing a role the model has no recording or rule for', async () => {
    const result = await run('replay:gpt-4o-mini', 'CoT > Programmer');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Programmer (programmer)');
    expect(result.stderr).toMatch(/covers generate, cot, sc-select \(synthesized\), self-refine \(synthesized\)/);
    expect(result.stdout).toBe('');
  });

  it('names --replay-dir when the folder is not there, and --llm for an unknown model', async () => {
    const missing = await runCli(['run', '--llm', 'replay:gpt-4o-mini', '--replay-dir', join(fixtures, 'nowhere'), '--task', 'gsm8k', '--topology', 'Generate', '--json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--replay-dir');
    const unknown = await run('replay:gpt-5', 'Generate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--llm.*unknown replay model "gpt-5".*gpt-4o-mini/);
  });
});
