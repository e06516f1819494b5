import type { CacheCounts, CacheEvent } from './cache-events.ts';
import type { CacheableResponse, CachedResponse } from './stored-rows.ts';

/**
 * Where cached answers live, under the keys of cache-key.ts (DESIGN §8): the SQLite file of one
 * machine (ResponseCache) or a Redis shared by many (RedisResponseCache). Neither ever fails a
 * call: what cannot be read is a miss, what cannot be stored is skipped, and both are counted.
 */
export interface ResponseStore {
  get(key: string): CachedResponse | undefined | Promise<CachedResponse | undefined>;
  /** False when not stored (the key already held a valid answer, which is kept, or the write was skipped). */
  put(key: string, response: CacheableResponse): boolean | Promise<boolean>;
  getEmbedding(key: string): number[] | undefined | Promise<number[] | undefined>;
  putEmbedding(key: string, vector: readonly number[]): boolean | Promise<boolean>;
  counts(): CacheCounts;
  onEvent(listener: (event: CacheEvent) => void): void;
  close(): void;
}
