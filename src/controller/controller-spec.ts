import { z } from 'zod';
import { operatorNames } from '../../operators/operator-names.ts';
import { taskNames } from '../tasks/registry.ts';

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
  }),
  /** Layers the controller may build (L). */
  layers: z.number().int().min(1).max(8),
  /** Draws stop once the chosen probabilities sum past this. */
  threshold: z.number().gt(0).lt(1),
});
export type ControllerSpec = z.infer<typeof controllerSpecSchema>;
