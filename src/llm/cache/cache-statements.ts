import type Database from 'better-sqlite3';
import { checkEmbedding, checkResponse } from './check-rows.ts';
import type { EmbeddingRow, ResponseRow, ResponseWrite } from './stored-rows.ts';

/** The SQL the cache runs, prepared once: compiling it per call would dominate the cost of a hit. */
export interface CacheStatements {
  getResponse: Database.Statement<[string], ResponseRow>;
  backfillResponse: Database.Statement<[string, string]>;
  countResponses: Database.Statement<[], number>;
  getVector: Database.Statement<[string], EmbeddingRow>;
  backfillVector: Database.Statement<[string, string]>;
  countVectors: Database.Statement<[], number>;
  /** Stores a response unless the key holds a valid one (first writer wins); returns whether it stored. */
  putResponse: (key: string, write: ResponseWrite) => boolean;
  /** Stores a vector unless the key holds a valid one; returns whether it stored. */
  putVector: (key: string, blob: Buffer, checksum: string) => boolean;
}

export function prepareCacheStatements(db: Database.Database): CacheStatements {
  const getResponse = db.prepare<[string], ResponseRow>(
    `SELECT model, texts, prompt_tokens, completion_tokens, cached_tokens, latency_ms, first_token_ms, created_at, checksum
     FROM responses WHERE key = ?`,
  );
  const writeResponse = db.prepare<ResponseWrite>(
    `INSERT OR REPLACE INTO responses
     (key, model, texts, prompt_tokens, completion_tokens, cached_tokens, latency_ms, first_token_ms, created_at, checksum)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const backfillResponse = db.prepare<[string, string]>('UPDATE responses SET checksum = ? WHERE key = ? AND checksum IS NULL');
  const countResponses = db.prepare<[], number>('SELECT count(*) FROM responses').pluck();
  const getVector = db.prepare<[string], EmbeddingRow>('SELECT vector, checksum FROM embeddings WHERE key = ?');
  const writeVector = db.prepare<[string, Buffer, number, string]>(
    'INSERT OR REPLACE INTO embeddings (key, vector, created_at, checksum) VALUES (?, ?, ?, ?)',
  );
  const backfillVector = db.prepare<[string, string]>('UPDATE embeddings SET checksum = ? WHERE key = ? AND checksum IS NULL');
  const countVectors = db.prepare<[], number>('SELECT count(*) FROM embeddings').pluck();

  // Read-check-write in one IMMEDIATE transaction, so a row another process stored meanwhile is
  // seen and kept (first writer wins) while a damaged one is replaced.
  const putResponse = db.transaction((key: string, write: ResponseWrite): boolean => {
    const existing = getResponse.get(key);
    if (existing !== undefined) {
      const checked = checkResponse(key, existing);
      if (checked.ok) {
        if (checked.legacy) backfillResponse.run(checked.checksum, key);
        return false;
      }
    }
    writeResponse.run(...write);
    return true;
  });
  const putVector = db.transaction((key: string, blob: Buffer, checksum: string): boolean => {
    const existing = getVector.get(key);
    if (existing !== undefined) {
      const checked = checkEmbedding(key, existing);
      if (checked.ok) {
        if (checked.legacy) backfillVector.run(checked.checksum, key);
        return false;
      }
    }
    writeVector.run(key, blob, Date.now(), checksum);
    return true;
  });

  return {
    getResponse,
    backfillResponse,
    countResponses,
    getVector,
    backfillVector,
    countVectors,
    putResponse: (key, write) => putResponse.immediate(key, write),
    putVector: (key, blob, checksum) => putVector.immediate(key, blob, checksum),
  };
}
