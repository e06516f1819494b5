import { z } from 'zod';
import { operatorNames } from '../../operators/operator-names.ts';
import { taskNames } from '../tasks/registry.ts';
import { ruleSetNameSchema } from './rules/rule-set.ts';

/** The shape of a controller: everything needed to rebuild it from a checkpoint. */
export const controllerSpecSchema = z.object({
  task: z.enum(taskNames),
  /** Candidate operators in a fixed order; a checkpoint only fits this exact list. */
  operators: z.array(z.enum(operatorNames)).min(2),
  encoder: z.object({ spec: z.string(), dimension: z.number().int().positive() }),
  architecture: z.object({
    /** `mlp`: an MLP scores (query, operator, previous layer); `maas`: projections + cosine + softmax (MaAS parity). */
    kind: z.enum(['mlp', 'maas']),
    hidden: z.number().int().positive(),
    depth: z.number().int().min(1).max(4),
    /**
     * maas: the factor on the cosine before the softmax. 1 is the reference (logits in [-1, 1], no
     * operator above about 0.55); checkpoints without it were trained with 10 and keep it.
     */
    cosineScale: z.number().positive().optional(),
  }),
  /** Layers the controller may build (L). */
  layers: z.number().int().min(1).max(8),
  /** Draws stop once the chosen probabilities sum past this. */
  threshold: z.number().gt(0).lt(1),
  /** The rule set it was trained under and chooses by (issue 14); absent: `legacy` (see rules/rule-set.ts). */
  rules: ruleSetNameSchema.optional(),
  /**
   * Several models (DESIGN §11): the models it was trained with, in --models order (eval and serve
   * need every one by name). Absent: a single-model controller, whose nodes call the run's model.
   */
  models: z.array(z.object({ name: z.string().min(1), backend: z.string().min(1) })).min(2).optional(),
  /** With `models`: the model of each candidate, parallel to `operators` (the candidates are (operator, model) pairs). */
  operatorModels: z.array(z.string().min(1)).optional(),
}).refine((spec) => (spec.models === undefined) === (spec.operatorModels === undefined), { path: ['operatorModels'], message: 'models and operatorModels come together' })
  .refine((spec) => spec.operatorModels === undefined || (spec.operatorModels.length === spec.operators.length && spec.operatorModels.every((model) => spec.models!.some((declared) => declared.name === model))), {
    path: ['operatorModels'],
    message: 'one declared model per candidate operator',
  });
export type ControllerSpec = z.infer<typeof controllerSpecSchema>;

/** The candidates as topologies write them: `CoT@big` with several models, `CoT` with one. */
export function candidateLabels(spec: Pick<ControllerSpec, 'operators' | 'operatorModels'>): string[] {
  return spec.operators.map((operator, i) => (spec.operatorModels ? `${operator}@${spec.operatorModels[i]}` : operator));
}

/**
 * The factor on the maas scorer's cosine before the softmax (same in plain-forward.ts): the
 * spec's, else 10, what checkpoints written before the spec recorded it were trained with. New
 * maas checkpoints record 1, the reference (no temperature).
 */
export function cosineScaleOf(spec: ControllerSpec): number {
  return spec.architecture.cosineScale ?? 10;
}
