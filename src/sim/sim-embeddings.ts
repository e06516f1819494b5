import { createHash } from 'node:crypto';

export const simEmbeddingDimensions = 256;

/**
 * Deterministic embeddings for the sim: signed hashing of words and word pairs into a fixed
 * number of dimensions, L2-normalised. Similar texts get similar vectors, which is all the
 * `embeddings:` encoder needs offline.
 */
export function simEmbedding(text: string, dimensions = simEmbeddingDimensions): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const features = [...words, ...words.slice(1).map((word, i) => `${words[i]} ${word}`)];
  for (const feature of features) {
    const digest = createHash('md5').update(feature).digest();
    const slot = digest.readUInt32LE(0) % dimensions;
    vector[slot]! += digest[4]! & 1 ? 1 : -1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}
