import { describe, expect, it } from 'vitest';
import { summaryFiguresSchema, summarySweepRow } from './summary-sweep-row.ts';
import { sweepRowSchema } from './sweep-row.ts';

const run = { n: 4, accuracy: 0.75, costUsd: 0.02, cpTokens: { mean: 120, p50: 110, p95: 200 }, cpWallMs: { mean: 900, p50: 800, p95: 1500 }, simulated: false, backend: 'replay:gpt-4o-mini', seed: 3 };
const adaptivity = { distinctTopologies: 2, entropyBits: 0.81, mostCommon: 'CoT', mostCommonShare: 0.75, mostCommonOnEvery: { topology: 'CoT', accuracy: 0.5, costUsd: 0.01, cpTokensMean: 100 } };

describe('summarySweepRow', () => {
  it('makes a baseline row from a run summary, adaptivity columns null', () => {
    const row = summarySweepRow('cot', 'baseline', run, { lambdaT: null, lambdaC: null, checkpoint: null });
    expect(sweepRowSchema.parse(row)).toEqual(row);
    expect(row).toMatchObject({ accuracy: 0.75, cpTokensMean: 120, cpTokensP95: 200, cpWallMsMean: 900, costPerQueryUsd: 0.005, seed: 3, rules: null, distinctTopologies: null, mostCommonAccuracy: null });
  });

  it('carries the rule set and adaptivity of an evaluation summary', () => {
    const row = summarySweepRow('lamas λt=0.005', 'controller', { ...run, rules: 'maas', adaptivity }, { lambdaT: 0.005, lambdaC: 3, checkpoint: 'ck' });
    expect(row).toMatchObject({ lambdaT: 0.005, lambdaC: 3, checkpoint: 'ck', rules: 'maas', distinctTopologies: 2, topologyEntropyBits: 0.81, mostCommonShare: 0.75, mostCommonAccuracy: 0.5, mostCommonCpTokensMean: 100 });
    const skipped = summarySweepRow('x λt=0', 'controller', { ...run, adaptivity: { ...adaptivity, mostCommonOnEvery: null } }, { lambdaT: 0, lambdaC: 3, checkpoint: null });
    expect([skipped.mostCommonShare, skipped.mostCommonAccuracy, skipped.mostCommonCpTokensMean]).toEqual([0.75, null, null]);
  });

  it('costs nothing per query for an empty run instead of dividing by zero', () => {
    expect(summarySweepRow('generate', 'baseline', { ...run, n: 0, costUsd: 0 }, { lambdaT: null, lambdaC: null, checkpoint: null }).costPerQueryUsd).toBe(0);
  });
});

describe('summaryFiguresSchema', () => {
  it('reads a summary.json and names what is missing', () => {
    expect(summaryFiguresSchema.parse(JSON.parse(JSON.stringify({ ...run, task: 'gsm8k', llmCalls: 9 }))).cpTokens.p95).toBe(200);
    const { cpWallMs: _dropped, ...withoutWall } = run;
    const result = summaryFiguresSchema.safeParse(withoutWall);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['cpWallMs']);
  });
});
