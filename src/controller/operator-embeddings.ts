import { operators, type OperatorName } from '../../operators/index.ts';
import type { QueryEncoder } from './encoders/index.ts';

/**
 * Each candidate as the controller sees it: its operator's one-line description, encoded like a
 * query. With several models (DESIGN §11) a candidate is an (operator, model) pair, and its text
 * also names the model and backend, so each pair has its own embedding.
 */
export async function operatorEmbeddings(encoder: QueryEncoder, names: readonly OperatorName[], models?: { of: readonly string[]; backends: ReadonlyMap<string, string> }): Promise<Float32Array[]> {
  return encoder.encode(
    names.map((name, i) => {
      if (!models) return `${name}: ${operators[name].description}`;
      const model = models.of[i]!;
      return `${name}@${model} (model ${model}, ${models.backends.get(model)}): ${operators[name].description}`;
    }),
  );
}
