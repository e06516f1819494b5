import type Database from 'better-sqlite3';
import { CacheFileError, CacheSchemaError } from './cache-errors.ts';

/**
 * The schema this code writes and reads; a file with a higher version is refused.
 * 1: responses and embeddings. 2: a checksum per row (rows from version 1 have none; see `get`).
 */
export const CACHE_SCHEMA_VERSION = 2;

const SCHEMA = `
  CREATE TABLE responses (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    texts TEXT NOT NULL,            -- JSON array, one text per sample
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    cached_tokens INTEGER,          -- NULL when the server did not report it
    latency_ms REAL NOT NULL,
    first_token_ms REAL,
    created_at INTEGER NOT NULL,    -- epoch ms
    checksum TEXT                   -- responseChecksum(); NULL only in rows written by schema 1
  ) WITHOUT ROWID;
  CREATE TABLE embeddings (
    key TEXT PRIMARY KEY,
    vector BLOB NOT NULL,           -- float64 little-endian, so replayed vectors are bit-identical
    created_at INTEGER NOT NULL,
    checksum TEXT                   -- embeddingChecksum(); NULL only in rows written by schema 1
  ) WITHOUT ROWID;
`;

/** Schema 1 → 2: rows already there keep a NULL checksum; `get` verifies their values and backfills it. */
const MIGRATE_1_TO_2 = `
  ALTER TABLE responses ADD COLUMN checksum TEXT;
  ALTER TABLE embeddings ADD COLUMN checksum TEXT;
`;

/**
 * Creates the schema on a fresh file, checks the version on an existing one and migrates an
 * older one. Runs as one IMMEDIATE transaction so two processes opening a file at once cannot
 * both create or migrate it.
 */
export function migrate(db: Database.Database, path: string): void {
  db.transaction(() => {
    const tables = new Set(
      db
        .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .pluck()
        .all(),
    );
    if (!tables.has('schema_version')) {
      // Refuse to add our tables to somebody else's database that was passed as --cache by mistake.
      if (tables.size > 0) throw new CacheFileError(path, 'is an SQLite database but not a lamas LLM cache');
      db.exec(`CREATE TABLE schema_version (version INTEGER NOT NULL); ${SCHEMA}`);
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(CACHE_SCHEMA_VERSION);
      return;
    }
    const version = db.prepare<[], number | null>('SELECT max(version) FROM schema_version').pluck().get() ?? null;
    if (version === null) throw new CacheFileError(path, 'has an empty schema_version table');
    if (version > CACHE_SCHEMA_VERSION) throw new CacheSchemaError(path, version, CACHE_SCHEMA_VERSION);
    if (version < 2) {
      // Cheap (no row is rewritten): old rows are verified on read instead, see `get`.
      db.exec(MIGRATE_1_TO_2);
      db.prepare('UPDATE schema_version SET version = ?').run(2);
    }
  }).immediate();
}
