import { Redis } from 'ioredis';
import { CacheEventLog } from './cache-events.ts';
import type { CacheCounts, CacheEvent } from './cache-events.ts';
import { checkEmbedding, checkResponse, embeddingToStore, responseToStore, rowOfStored } from './check-rows.ts';
import type { ResponseStore } from './response-store.ts';
import type { CacheableResponse, CachedResponse, EmbeddingRow, ResponseRow } from './stored-rows.ts';

/** How long one cache command may wait (Redis down or restarting) before it counts as a miss or a skipped write. */
const COMMAND_TIMEOUT_MS = 5000;

/**
 * The response cache on Redis (`--cache redis://host:port`), shared by every machine of a queued
 * sweep, so a question asked on one is paid once. Same keys as the SQLite cache (cache-key.ts),
 * same rows (the SQLite columns as a JSON value) and the same checksums and checks, so an entry
 * that does not verify is a miss here too. The first answer stored under a key wins (SET NX),
 * as in SQLite. An unreachable Redis never fails a call: reads are misses, writes are skipped,
 * each counted (cacheReadsSkipped / cacheWritesSkipped in the summary).
 */
export class RedisResponseCache implements ResponseStore {
  private readonly events: CacheEventLog;

  private constructor(
    private readonly redis: Redis,
    readonly url: string,
    warn: (message: string) => void,
  ) {
    this.events = new CacheEventLog(url, warn);
  }

  static open(url: string, options: { warn?: (message: string) => void } = {}): RedisResponseCache {
    const warn = options.warn ?? ((message: string) => process.stderr.write(`lamas: warning: ${message}\n`));
    // Reconnects go on in the background; a command waits at most COMMAND_TIMEOUT_MS for them.
    const redis = new Redis(url, { commandTimeout: COMMAND_TIMEOUT_MS, maxRetriesPerRequest: 1, retryStrategy: (times) => Math.min(200 * times, 2000), lazyConnect: false });
    redis.on('error', () => undefined); // each failed command is counted where it fails
    return new RedisResponseCache(redis, url, warn);
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    const raw = await this.read(`lamas:llm:response:${key}`);
    if (raw === undefined) return undefined;
    const checked = checkResponse(key, parseJson(raw) as ResponseRow);
    if (!checked.ok) {
      this.events.record('corrupt', `entry ${key} ${checked.reason}`);
      await this.drop(`lamas:llm:response:${key}`); // so the backend's answer replaces it (SET NX)
      return undefined;
    }
    return checked.value;
  }

  async put(key: string, response: CacheableResponse): Promise<boolean> {
    const toStore = responseToStore(key, response, Date.now());
    if (!toStore.ok) {
      this.events.record('writesSkipped', `the answer for ${key} was not stored: ${toStore.reason}`);
      return false;
    }
    return this.write(key, `lamas:llm:response:${key}`, JSON.stringify(rowOfStored(toStore.stored, toStore.checksum)));
  }

  async getEmbedding(key: string): Promise<number[] | undefined> {
    const raw = await this.read(`lamas:llm:embedding:${key}`);
    if (raw === undefined) return undefined;
    const value = parseJson(raw) as { vector?: unknown; checksum?: unknown } | undefined;
    const vector = typeof value?.vector === 'string' ? new Uint8Array(Buffer.from(value.vector, 'base64')) : value?.vector;
    const checked = checkEmbedding(key, { vector: vector as EmbeddingRow['vector'], checksum: (value?.checksum ?? null) as string | null });
    if (!checked.ok) {
      this.events.record('corrupt', `embedding ${key} ${checked.reason}`);
      await this.drop(`lamas:llm:embedding:${key}`);
      return undefined;
    }
    return checked.value;
  }

  async putEmbedding(key: string, vector: readonly number[]): Promise<boolean> {
    const toStore = embeddingToStore(key, vector);
    if (!toStore.ok) {
      this.events.record('writesSkipped', `the embedding for ${key} was not stored: ${toStore.reason}`);
      return false;
    }
    return this.write(key, `lamas:llm:embedding:${key}`, JSON.stringify({ vector: toStore.blob.toString('base64'), checksum: toStore.checksum }));
  }

  counts(): CacheCounts {
    return this.events.counts();
  }

  onEvent(listener: (event: CacheEvent) => void): void {
    this.events.onEvent(listener);
  }

  close(): void {
    this.redis.disconnect();
  }

  private async read(redisKey: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(redisKey)) ?? undefined;
    } catch (error) {
      this.events.record('readsSkipped', `a read failed (${error instanceof Error ? error.message : String(error)})`);
      return undefined;
    }
  }

  /** Deletes a damaged entry; a failure leaves it, to be found damaged again. */
  private async drop(redisKey: string): Promise<void> {
    await this.redis.del(redisKey).catch(() => undefined);
  }

  private async write(key: string, redisKey: string, value: string): Promise<boolean> {
    try {
      return (await this.redis.set(redisKey, value, 'NX')) === 'OK';
    } catch (error) {
      this.events.record('writesSkipped', `the answer for ${key} was not stored (${error instanceof Error ? error.message : String(error)})`);
      return false;
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
