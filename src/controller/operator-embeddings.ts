import { operators, type OperatorName } from '../../operators/index.ts';
import type { QueryEncoder } from './encoders/index.ts';

/** Each operator as the controller sees it: its one-line description, encoded like a query. */
export async function operatorEmbeddings(encoder: QueryEncoder, names: readonly OperatorName[]): Promise<Float32Array[]> {
  return encoder.encode(names.map((name) => `${name}: ${operators[name].description}`));
}
