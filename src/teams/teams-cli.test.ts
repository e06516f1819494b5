import { describe, expect, it } from 'vitest';
import { run, runOptionsSchema } from '../cli/commands/run.ts';
import type { TeamsRunSummary } from './summarize-teams.ts';

const options = (flags: Record<string, unknown>) => runOptionsSchema.parse({ task: 'gsm8k', ...flags });

describe('lamas run --strategy teams', () => {
  it('rejects teams flags without the teams strategy, and impossible combinations', async () => {
    await expect(run(options({ teams: 3 }))).rejects.toThrow('--teams: only applies with --strategy teams');
    await expect(run(options({ maxAttempts: 3 }))).rejects.toThrow('--max-attempts');
    await expect(run(options({ strategy: 'teams', teams: 2, mode: 'aggregate', k: 3 }))).rejects.toThrow('--k');
    await expect(run(options({ strategy: 'teams', aggregator: 'llm' }))).rejects.toThrow('--aggregator');
    expect(() => runOptionsSchema.parse({ task: 'gsm8k', mode: 'fastest' })).toThrow();
  });

  it('runs and summarises parallel teams (virtual-time sim, byte-identical per seed)', async () => {
    const once = async () =>
      (await run(options({ strategy: 'teams', teams: 3, mode: 'aggregate', aggregator: 'best-of-k', planning: 'diverse', limit: 4, topology: 'cot' }))).summary as TeamsRunSummary;
    const summary = await once();
    expect(summary).toMatchObject({ strategy: 'teams', teams: 3, mode: 'aggregate', k: 3, aggregator: 'best-of-k', planning: 'diverse', maxAttempts: 2, oracle: true, n: 4, simulated: true });
    expect(summary.perTeamWallMs).toHaveLength(3);
    expect(summary.winnerTeam.reduce((a, b) => a + b, 0)).toBe(4);
    expect(summary.planningCostUsd).toBeGreaterThan(0);
    expect(JSON.stringify(await once())).toBe(JSON.stringify(summary));
  });

  it('--planning none spends nothing on planning', async () => {
    const summary = (await run(options({ strategy: 'teams', teams: 3, mode: 'early-stop', planning: 'none', limit: 4, topology: 'cot' }))).summary as TeamsRunSummary;
    expect(summary).toMatchObject({ planning: 'none', planningCostUsd: 0, n: 4 });
    expect(summary.costUsd).toBeGreaterThan(0);
  });
});
