/**
 * What the controller sees of a query: one fixed-length vector. The controller depends on this
 * interface only, so the encoder is a flag (`--encoder hash | embeddings:<model>`), and the spec
 * string is stored in checkpoints so a saved controller is always paired with the encoder it was
 * trained on.
 */
export interface QueryEncoder {
  /**
   * `hash` (or `hash:<dimension>` for a non-default size) or `embeddings:<model>`. Recorded in
   * checkpoints; `createQueryEncoder(spec, ...)` rebuilds the same encoder from it.
   */
  readonly spec: string;
  /**
   * Length of every vector. Known at construction for `hash`; an `embeddings:` encoder only
   * knows it after `init()` (it asks the server), and reading it earlier throws
   * `EncoderNotReadyError` rather than returning a number that could silently size a model wrong.
   */
  readonly dimension: number;
  /**
   * Makes `dimension` available: a no-op for `hash`; one probe request for `embeddings:` unless
   * the dimension was given up front. Idempotent and safe to call concurrently.
   */
  init(signal?: AbortSignal): Promise<void>;
  /** One fixed-length vector per text, in order. Deterministic for `hash`. Calls `init` itself. */
  encode(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
}
