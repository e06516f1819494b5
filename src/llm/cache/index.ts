export { CacheFileError, CacheSchemaError } from './cache-errors.ts';
export { cacheKey, embeddingCacheKey, requestCacheKey, type CacheKeyParts, type KeyPolicy } from './cache-key.ts';
export { withCache, type CacheOptions } from './cached-chat-model.ts';
export { canonicalJson } from './canonical-json.ts';
export {
  CACHE_SCHEMA_VERSION,
  embeddingChecksum,
  ResponseCache,
  responseChecksum,
  type CacheableResponse,
  type CacheCounts,
  type CachedResponse,
  type CacheEvent,
  type CacheOpenOptions,
  type CacheStats,
  type StoredResponse,
} from './response-cache.ts';
