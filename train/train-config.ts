import { z } from 'zod';
import { ruleSetNameSchema } from '../src/controller/rules/index.ts';

/**
 * Everything a training run is configured by, with the paper's defaults (DESIGN §3). The
 * resolved config is saved in the checkpoint; `--resume` refuses a different one.
 */
export const trainConfigSchema = z.object({
  // --- reward: R = S - lambdaC x C - (lambdaT / 50) x T ---
  lambdaT: z.coerce.number().nonnegative().default(0.005), // 0 is the MaAS objective
  lambdaC: z.coerce.number().nonnegative().default(3),
  cpCredit: z.boolean().default(true), // false: --no-cp-credit, R for every operator (the ablation)
  // --- optimisation ---
  learningRate: z.coerce.number().positive().default(0.01), // Adam
  batchSize: z.coerce.number().int().positive().default(4), // queries per policy-gradient step, run concurrently
  epochs: z.coerce.number().int().positive().default(4), // K passes over the training split
  // --- controller ---
  layers: z.coerce.number().int().min(1).max(8).default(4), // L
  threshold: z.coerce.number().gt(0).lt(1).default(0.3), // draws stop past this probability mass
  architecture: z.enum(['mlp', 'maas']).default('mlp'),
  hidden: z.coerce.number().int().positive().default(32),
  depth: z.coerce.number().int().min(1).max(4).default(1),
  encoder: z.string().default('hash'), // hash | hash:<dim> | embeddings:<model>
  // --- run ---
  checkpointEvery: z.coerce.number().int().positive().default(10), // batches between checkpoints
  // --- rules (issue 14) ---
  rules: ruleSetNameSchema.default('lamas').describe('rule set: lamas (default) | maas (the public MaAS/LAMaS code) | legacy (before issue 14)'),
  entropy: z.coerce.number().nonnegative().optional().describe('weight of the entropy bonus that keeps the policy exploring while it trains (default 0.01 under --rules lamas, 0 under maas and legacy)'),
});
export type TrainConfig = z.infer<typeof trainConfigSchema>;

/** The entropy bonus's weight: as given, else 0.01 under the default rules and 0 under maas and legacy (the reference and the old rules have none). */
export function entropyOf(config: Pick<TrainConfig, 'entropy' | 'rules'>): number {
  return config.entropy ?? (config.rules === 'lamas' ? 0.01 : 0);
}
