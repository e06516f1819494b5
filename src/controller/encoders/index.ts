export type { QueryEncoder } from './query-encoder.ts';
export {
  createQueryEncoder,
  parseQueryEncoderSpec,
  type QueryEncoderDeps,
  type QueryEncoderSpec,
} from './create-query-encoder.ts';
export {
  createHashEncoder,
  defaultHashDimension,
  hashEncoderSpec,
  hashFeatures,
  hashStructuralFeatureNames,
  minHashDimension,
  type HashEncoderOptions,
} from './hash-encoder.ts';
export { fnv1a32 } from './fnv-hash.ts';
export {
  createEmbeddingsEncoder,
  defaultEmbeddingsBatchSize,
  embeddingsSpecPrefix,
  type EmbeddingsEncoderOptions,
} from './embeddings-encoder.ts';
export { EmbeddingShapeError, EncoderNotReadyError } from './encoder-errors.ts';
