import { z } from 'zod';
import { ruleSetNameSchema } from '../src/controller/rules/rule-set.ts';

/**
 * Everything a training run is configured by, with the paper's defaults (DESIGN §3). Each field
 * is also the flag of `lamas train` and `sweep` (src/cli/flags.ts: the key names the flag, the
 * metadata gives its help). The parsed config is saved in the checkpoint; `--resume` refuses a
 * different one.
 */
export const trainConfigSchema = z.object({
  // --- reward: R = S - lambdaC x C - (lambdaT / 50) x T ---
  lambdaT: z.coerce.number().nonnegative().default(0.005).meta({ description: 'critical-path weight (0 = MaAS)', arg: 'x' }), // 0 is the MaAS objective
  lambdaC: z.coerce.number().nonnegative().default(3).meta({ description: 'USD weight', arg: 'x' }),
  cpCredit: z.boolean().default(true).describe('charge the latency penalty to every operator (the paper ablation)'), // false: --no-cp-credit, R for every operator (the ablation)
  // --- optimisation ---
  learningRate: z.coerce.number().positive().default(0.01).meta({ description: 'Adam learning rate', arg: 'lr' }), // Adam
  batchSize: z.coerce.number().int().positive().default(4).meta({ description: 'queries per policy-gradient step', arg: 'n' }), // queries per policy-gradient step, run concurrently
  epochs: z.coerce.number().int().positive().default(4).meta({ description: 'passes over the training split', arg: 'k' }), // K passes over the training split
  // --- controller ---
  layers: z.coerce.number().int().min(1).max(8).default(4).meta({ description: 'layers the controller builds', arg: 'n' }), // L
  threshold: z.coerce.number().gt(0).lt(1).default(0.3).meta({ description: 'selection threshold', arg: 'p' }), // draws stop past this probability mass
  architecture: z.enum(['mlp', 'maas']).default('mlp').meta({ description: 'mlp | maas (projections + cosine + softmax)', arg: 'a' }),
  hidden: z.coerce.number().int().positive().default(32).meta({ description: 'hidden units', arg: 'n' }),
  depth: z.coerce.number().int().min(1).max(4).default(1).meta({ description: 'hidden layers', arg: 'n' }),
  encoder: z.string().default('hash').meta({ description: 'hash | hash:<dim> | embeddings:<model>', arg: 'spec' }), // hash | hash:<dim> | embeddings:<model>
  // --- run ---
  checkpointEvery: z.coerce.number().int().positive().default(10).meta({ description: 'batches between checkpoints', arg: 'n' }), // batches between checkpoints
  // --- rules (issue 14) ---
  rules: ruleSetNameSchema.default('lamas').meta({ description: 'rule set: lamas | maas (the public MaAS/LAMaS code) | legacy (before issue 14)', arg: 'name' }),
  entropy: z.coerce.number().nonnegative().optional().meta({ description: 'entropy bonus weight at the first step, which keeps the policy exploring while it trains (default 0.05 under --rules lamas, 0 under maas and legacy)', arg: 'x' }),
  entropyEnd: z.coerce.number().nonnegative().optional().meta({ description: 'entropy bonus weight at the last step: the weight moves linearly from --entropy to it (default 0; the same value as --entropy keeps it constant)', arg: 'x' }),
  creditBaseline: z.enum(['batch', 'query']).optional().meta({ description: 'what a credit is centred on: query (its query\'s earlier visits; default under --rules lamas) | batch (one EMA for all queries; the paper\'s, default under maas and legacy)', arg: 'b' }),
});
export type TrainConfig = z.infer<typeof trainConfigSchema>;
