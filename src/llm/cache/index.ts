export { CacheFileError, CacheSchemaError } from './cache-errors.ts';
export { cacheKey, embeddingCacheKey, requestCacheKey, type CacheKeyParts, type KeyPolicy } from './cache-key.ts';
export { withCache, type CacheOptions } from './cached-chat-model.ts';
export { canonicalJson } from './canonical-json.ts';
export {
  CACHE_SCHEMA_VERSION,
  ResponseCache,
  type CacheableResponse,
  type CachedResponse,
  type CacheStats,
} from './response-cache.ts';
