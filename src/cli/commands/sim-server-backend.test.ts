import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/capture-cli.ts';
import { type RunningSimServer, startSimServer } from '../../sim/sim-server.ts';
import { loadSimProfile } from '../../sim/sim-profile.ts';

/**
 * Issue 17.10: `lamas run --llm openai:... --base-url <lamas sim-server>` scored 0% because the CLI
 * never sent the sim its request metadata. The preflight recognises the sim-server (its /models
 * says owned_by "lamas-sim") and turns `lamas_meta` on, so the run over HTTP answers like the
 * in-process sim with the same seed.
 */

type Summary = Record<string, unknown> & { accuracy: number; n: number };

describe('lamas run against a lamas sim-server', { timeout: 240_000 }, () => {
  let sim: RunningSimServer;
  beforeAll(async () => {
    // Seed 0, as the CLI's default --seed; virtual time, so answers come at once.
    sim = await startSimServer({ profile: loadSimProfile('gpt-4o-mini'), seed: 0 });
  });
  afterAll(() => sim.close());

  async function summary(args: string[]): Promise<Summary> {
    const result = await runCli(['run', '--task', 'gsm8k', '--limit', '20', '--no-cache', '--json', ...args]);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as Summary;
  }

  for (const topology of ['cot', 'CoT, MultiCoT > ScEnsemble']) {
    it(`scores what the in-process sim scores with the same seed (${topology})`, async () => {
      const local = await summary(['--topology', topology, '--llm', 'sim:gpt-4o-mini', '--seed', '0']);
      const served = await summary(['--topology', topology, '--llm', 'openai:gpt-4o-mini', '--base-url', sim.url]);
      expect(local.accuracy).toBeGreaterThan(0.5);
      // Same answers, tokens and prices: only time differs (the HTTP run measures real time).
      const same = (s: Summary) => [s.n, s.accuracy, s.promptTokens, s.completionTokens, s.costUsd, s.llmCalls, s.failures, s.cpTokens];
      expect(same(served)).toEqual(same(local));
      // Honest by construction (DESIGN §6): answers from the sim are marked simulated whichever way they came.
      expect(served).toMatchObject({ simulated: true, backend: 'openai:gpt-4o-mini' });
      expect(served).not.toHaveProperty('failedCalls');
    });
  }
});
