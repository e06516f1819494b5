import { z } from 'zod';

/**
 * One point of a `lamas sweep` (DESIGN §5): a trained controller at one lambda_t, or a fixed
 * baseline run once. The same record feeds sweep.csv and pareto.svg, so both always agree.
 * z.number() rejects NaN and ±Infinity (zod 4), which keeps broken metrics out of the CSV.
 */
export const sweepRowSchema = z
  .object({
    /** Label shown on the plot, e.g. "lamas λt=0.005" or "cot-sc". */
    name: z.string().min(1),
    kind: z.enum(['controller', 'baseline']),
    lambdaT: z.number().min(0).nullable(),
    lambdaC: z.number().min(0).nullable(),
    /** Fraction correct, 0..1 (the plot shows it in percent). */
    accuracy: z.number().min(0).max(1),
    cpTokensMean: z.number().min(0),
    cpTokensP95: z.number().min(0),
    cpWallMsMean: z.number().min(0),
    /** Total spend over the eval split. */
    costUsd: z.number().min(0),
    costPerQueryUsd: z.number().min(0),
    /** Number of eval queries behind the figures. */
    n: z.number().int().min(0),
    simulated: z.boolean(),
    /** Backend spec as given on the command line, e.g. "sim:gpt-4o-mini". */
    backend: z.string().min(1),
    seed: z.number().int(),
    /** Checkpoint directory of a controller row; null for baselines. */
    checkpoint: z.string().nullable(),
    /** Controller rows (issue 14): the rule set, and how much the chosen topology depends on the query (eval/adaptivity.ts); null for baselines. */
    rules: z.string().nullable(),
    distinctTopologies: z.number().int().min(0).nullable(),
    topologyEntropyBits: z.number().min(0).nullable(),
    mostCommonShare: z.number().min(0).max(1).nullable(),
    /** The controller's most common topology run on every query. */
    mostCommonAccuracy: z.number().min(0).max(1).nullable(),
    mostCommonCpTokensMean: z.number().min(0).nullable(),
  })
  .strict()
  // The Pareto line is ordered by lambda_t, so a controller without one cannot be placed on it,
  // and a baseline with one would be mistaken for a controller point when reading the CSV.
  .refine((row) => (row.kind === 'controller') === (row.lambdaT !== null), {
    message: 'lambdaT must be a number for controller rows and null for baseline rows',
    path: ['lambdaT'],
  });

export type SweepRow = z.infer<typeof sweepRowSchema>;

/** CSV column order; fixed here (not taken from object key order) so files stay comparable across versions. */
export const sweepColumns = [
  'name',
  'kind',
  'lambdaT',
  'lambdaC',
  'accuracy',
  'cpTokensMean',
  'cpTokensP95',
  'cpWallMsMean',
  'costUsd',
  'costPerQueryUsd',
  'n',
  'simulated',
  'backend',
  'seed',
  'checkpoint',
  'rules',
  'distinctTopologies',
  'topologyEntropyBits',
  'mostCommonShare',
  'mostCommonAccuracy',
  'mostCommonCpTokensMean',
] as const satisfies readonly (keyof SweepRow)[];

/** Validates rows, naming the offending row index in the error. */
export function parseSweepRows(rows: readonly unknown[]): SweepRow[] {
  return rows.map((row, index) => {
    const result = sweepRowSchema.safeParse(row);
    if (!result.success) {
      throw new Error(`sweep row ${index}: ${z.prettifyError(result.error)}`);
    }
    return result.data;
  });
}
