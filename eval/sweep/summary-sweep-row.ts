import { z } from 'zod';
import type { SweepRow } from './sweep-row.ts';

/**
 * The figures of a run summary (`lamas run`, src/graph/summarize-results.ts) or an evaluation
 * summary (eval/evaluate-controller.ts, which adds `rules` and `adaptivity`) that a sweep row
 * reads. A sweep point passes its summary straight in; a summary read back from a summary.json
 * (bench/replay-pareto.ts) is checked with summaryFiguresSchema first.
 */
export const summaryFiguresSchema = z.object({
  n: z.number().int().min(0),
  accuracy: z.number(),
  costUsd: z.number(),
  cpTokens: z.object({ mean: z.number(), p95: z.number() }),
  cpWallMs: z.object({ mean: z.number() }),
  simulated: z.boolean(),
  backend: z.string(),
  seed: z.number().int(),
  rules: z.string().optional(),
  adaptivity: z
    .object({
      distinctTopologies: z.number().int(),
      entropyBits: z.number(),
      mostCommonShare: z.number(),
      mostCommonOnEvery: z.object({ accuracy: z.number(), cpTokensMean: z.number() }).nullable(),
    })
    .optional(),
});

export type SummaryFigures = z.infer<typeof summaryFiguresSchema>;

/** What a summary does not say about the point: its λt, λc and checkpoint (all null for a baseline). */
export interface SweepRowExtra {
  lambdaT: number | null;
  lambdaC: number | null;
  checkpoint: string | null;
}

/** The sweep.csv / pareto.svg row of one summary; the adaptivity columns are null when the summary has none (a baseline run). */
export function summarySweepRow(name: string, kind: SweepRow['kind'], summary: SummaryFigures, extra: SweepRowExtra): SweepRow {
  const adaptivity = summary.adaptivity ?? null;
  return {
    name,
    kind,
    lambdaT: extra.lambdaT,
    lambdaC: extra.lambdaC,
    accuracy: summary.accuracy,
    cpTokensMean: summary.cpTokens.mean,
    cpTokensP95: summary.cpTokens.p95,
    cpWallMsMean: summary.cpWallMs.mean,
    costUsd: summary.costUsd,
    costPerQueryUsd: summary.n === 0 ? 0 : summary.costUsd / summary.n,
    n: summary.n,
    simulated: summary.simulated,
    backend: summary.backend,
    seed: summary.seed,
    checkpoint: extra.checkpoint,
    rules: summary.rules ?? null,
    distinctTopologies: adaptivity?.distinctTopologies ?? null,
    topologyEntropyBits: adaptivity?.entropyBits ?? null,
    mostCommonShare: adaptivity?.mostCommonShare ?? null,
    mostCommonAccuracy: adaptivity?.mostCommonOnEvery?.accuracy ?? null,
    mostCommonCpTokensMean: adaptivity?.mostCommonOnEvery?.cpTokensMean ?? null,
  };
}
