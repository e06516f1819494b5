import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { StoredResponse } from './stored-rows.ts';

/**
 * Part of every checksum, independent of the schema version: changing what a checksum covers
 * needs a new format (and recomputed checksums), or every stored row would read as damaged.
 */
const CHECKSUM_FORMAT = 1;

/**
 * The sha256 (hex) of a response row: the key and every column that is read back, in a canonical
 * JSON, so any edit of the row — or the row moved to another key — no longer matches. Non-finite
 * numbers (which JSON cannot hold) are written as strings, so they hash too (and then fail the
 * value checks anyway).
 */
export function responseChecksum(key: string, row: StoredResponse): string {
  return sha256(
    canonicalJson({
      format: CHECKSUM_FORMAT,
      kind: 'response',
      key,
      model: row.model,
      texts: row.texts,
      promptTokens: hashable(row.promptTokens),
      completionTokens: hashable(row.completionTokens),
      cachedTokens: hashable(row.cachedTokens),
      latencyMs: hashable(row.latencyMs),
      firstTokenMs: hashable(row.firstTokenMs),
      createdAt: hashable(row.createdAt),
    }),
  );
}

/** The sha256 (hex) of an embedding row: its key and the vector's bytes. */
export function embeddingChecksum(key: string, vector: Uint8Array): string {
  return createHash('sha256')
    .update(canonicalJson({ format: CHECKSUM_FORMAT, kind: 'embedding', key }), 'utf8')
    .update(vector)
    .digest('hex');
}

function hashable(value: number | null): number | string | null {
  return value === null || Number.isFinite(value) ? value : String(value);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
