import { LamasError } from '../../util/errors.ts';

/** `dimension` was read before `init()` finished on an encoder that learns it from its backend. */
export class EncoderNotReadyError extends LamasError {
  override readonly name = 'EncoderNotReadyError';
  constructor(readonly spec: string) {
    super(`the ${spec} encoder does not know its dimension yet; await encoder.init() first`);
  }
}

/**
 * The embeddings backend answered with vectors the controller cannot use: the wrong number of
 * them, different lengths, non-numbers, or a length other than the one a checkpoint recorded.
 */
export class EmbeddingShapeError extends LamasError {
  override readonly name = 'EmbeddingShapeError';
  constructor(
    readonly spec: string,
    reason: string,
  ) {
    super(`${spec}: the embeddings backend returned unusable vectors: ${reason}`);
  }
}
