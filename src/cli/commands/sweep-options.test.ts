import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/capture-cli.ts';
import { parseOptions } from '../parse-options.ts';
import { renderSweep, sweepOptionsSchema } from './sweep.ts';
import type { SweepResult } from '../../../eval/sweep/run-sweep.ts';
import { aggregateSweepRows, type SweepRow } from '../../../eval/sweep/index.ts';

/** Issue 17: `lamas sweep --seeds 0,1,2` and `--png`. */

const base = { task: 'gsm8k', out: 'runs/x' };

describe('sweep --seeds / --png', () => {
  it('parses a comma list of integers (a single number too), and --png', () => {
    expect(parseOptions(sweepOptionsSchema, { ...base, seeds: '0,1,2' }).seeds).toEqual([0, 1, 2]);
    expect(parseOptions(sweepOptionsSchema, { ...base, seeds: 5 }).seeds).toEqual([5]);
    expect(parseOptions(sweepOptionsSchema, { ...base, seeds: '-1, 3' }).seeds).toEqual([-1, 3]);
    expect(parseOptions(sweepOptionsSchema, base).seeds).toBeUndefined();
    expect(parseOptions(sweepOptionsSchema, { ...base, png: true }).png).toBe(true);
    expect(parseOptions(sweepOptionsSchema, base).png).toBe(false);
  });

  it('refuses repeated or non-integer seeds with exit 2 naming --seeds', async () => {
    expect(() => parseOptions(sweepOptionsSchema, { ...base, seeds: '0,1,0' })).toThrow(/^--seeds: each seed may appear once/);
    expect(() => parseOptions(sweepOptionsSchema, { ...base, seeds: '0,1.5' })).toThrow(/^--seeds: .*integers/);
    expect(() => parseOptions(sweepOptionsSchema, { ...base, seeds: '0,x' })).toThrow(/^--seeds: .*integers/);
    const cli = await runCli(['sweep', '--task', 'gsm8k', '--seeds', '1,1', '--out', 'runs/never']);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('--seeds: each seed may appear once');
  });

  it('prints one line per point with the mean and [min, max] over the seeds', () => {
    const row = (seed: number, accuracy: number, cpTokensMean: number): SweepRow => ({
      name: 'cot',
      kind: 'baseline',
      lambdaT: null,
      lambdaC: null,
      accuracy,
      cpTokensMean,
      cpTokensP95: cpTokensMean,
      cpWallMsMean: 1,
      costUsd: 0.01,
      costPerQueryUsd: 0.0001,
      n: 100,
      simulated: true,
      backend: 'sim:gpt-4o-mini',
      seed,
      checkpoint: null,
      rules: null,
      distinctTopologies: null,
      topologyEntropyBits: null,
      mostCommonShare: null,
      mostCommonAccuracy: null,
      mostCommonCpTokensMean: null,
    });
    const rows = [row(0, 0.9, 340), row(1, 0.92, 360)];
    const result: SweepResult = { rows, points: aggregateSweepRows(rows), csv: 'out/sweep.csv', svg: 'out/pareto.svg', png: 'out/pareto.png', seconds: 1 };
    const text = renderSweep(result);
    expect(text).toMatch(/^cot +91\.00 \[90\.00, 92\.00\] +350\.0 \[340\.0, 360\.0\] +0\.000100 +2$/m);
    expect(text).toContain('png: out/pareto.png');
    // One seed: the table it always printed.
    const single = renderSweep({ ...result, rows: rows.slice(0, 1), points: aggregateSweepRows(rows.slice(0, 1)), png: undefined });
    expect(single).toMatch(/^cot +90\.00% +340\.0 +0\.000100$/m);
    expect(single).not.toContain('png:');
  });
});
