export { CacheFileError, CacheSchemaError } from './cache-errors.ts';
export { type CacheCounts, type CacheEvent } from './cache-events.ts';
export { cacheKey, embeddingCacheKey, requestCacheKey, type CacheKeyParts, type KeyPolicy } from './cache-key.ts';
export { CACHE_SCHEMA_VERSION } from './cache-schema.ts';
export { withCache, type CacheOptions } from './cached-chat-model.ts';
export { canonicalJson } from './canonical-json.ts';
export { ResponseCache, type CacheOpenOptions, type CacheStats } from './response-cache.ts';
export { embeddingChecksum, responseChecksum } from './row-checksums.ts';
export { type CacheableResponse, type CachedResponse, type StoredResponse } from './stored-rows.ts';
