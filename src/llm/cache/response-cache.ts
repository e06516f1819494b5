import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { LamasError } from '../../util/errors.ts';
import type { ChatResponse, ChatUsage } from '../chat-model.ts';
import { CacheFileError, CacheSchemaError } from './cache-errors.ts';

/** The schema this code writes and reads; a file with a higher version is refused. */
export const CACHE_SCHEMA_VERSION = 1;

/**
 * Several processes (parallel eval shards, a trainer and an evaluator) may share one file; with
 * WAL they read concurrently and queue writes, and the busy timeout turns a momentary lock into
 * a short wait instead of SQLITE_BUSY.
 */
const BUSY_TIMEOUT_MS = 5_000;

/** What a response needs to be replayed faithfully (its tokens and latency, not its cost). */
export type CacheableResponse = Pick<ChatResponse, 'texts' | 'usage' | 'model' | 'latencyMs' | 'firstTokenMs'>;

export interface CachedResponse {
  texts: string[];
  usage: ChatUsage;
  model: string;
  latencyMs: number;
  firstTokenMs?: number;
  /** When the entry was first written, epoch milliseconds. */
  createdAt: number;
}

export interface CacheStats {
  path: string;
  /** Cached chat responses. */
  entries: number;
  /** Cached embedding vectors (one per text). */
  embeddings: number;
}

interface ResponseRow {
  model: string;
  texts: string;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number | null;
  latency_ms: number;
  first_token_ms: number | null;
  created_at: number;
}

type ResponseInsert = [
  key: string,
  model: string,
  texts: string,
  promptTokens: number,
  completionTokens: number,
  cachedTokens: number | null,
  latencyMs: number,
  firstTokenMs: number | null,
  createdAt: number,
];

const SCHEMA_V1 = `
  CREATE TABLE responses (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    texts TEXT NOT NULL,            -- JSON array, one text per sample
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    cached_tokens INTEGER,          -- NULL when the server did not report it
    latency_ms REAL NOT NULL,
    first_token_ms REAL,
    created_at INTEGER NOT NULL     -- epoch ms
  ) WITHOUT ROWID;
  CREATE TABLE embeddings (
    key TEXT PRIMARY KEY,
    vector BLOB NOT NULL,           -- float64 little-endian, so replayed vectors are bit-identical
    created_at INTEGER NOT NULL
  ) WITHOUT ROWID;
`;

/**
 * The LLM response cache: one SQLite file keyed by `cacheKey` hashes. Writes are
 * first-writer-wins (`INSERT OR IGNORE`): two processes racing on the same key both succeed and
 * every later reader replays the same answer.
 */
export class ResponseCache {
  private readonly getResponse: Database.Statement<[string], ResponseRow>;
  private readonly putResponse: Database.Statement<ResponseInsert>;
  private readonly countResponses: Database.Statement<[], number>;
  private readonly getVector: Database.Statement<[string], Buffer>;
  private readonly putVector: Database.Statement<[string, Buffer, number]>;
  private readonly countVectors: Database.Statement<[], number>;
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    /** The path as given, for error messages. */
    readonly path: string,
  ) {
    // Prepared once: compiling SQL per call would dominate the cost of a hit.
    this.getResponse = db.prepare<[string], ResponseRow>(
      `SELECT model, texts, prompt_tokens, completion_tokens, cached_tokens, latency_ms, first_token_ms, created_at
       FROM responses WHERE key = ?`,
    );
    this.putResponse = db.prepare<ResponseInsert>(
      `INSERT OR IGNORE INTO responses
       (key, model, texts, prompt_tokens, completion_tokens, cached_tokens, latency_ms, first_token_ms, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.countResponses = db.prepare<[], number>('SELECT count(*) FROM responses').pluck();
    this.getVector = db.prepare<[string], Buffer>('SELECT vector FROM embeddings WHERE key = ?').pluck();
    this.putVector = db.prepare<[string, Buffer, number]>(
      'INSERT OR IGNORE INTO embeddings (key, vector, created_at) VALUES (?, ?, ?)',
    );
    this.countVectors = db.prepare<[], number>('SELECT count(*) FROM embeddings').pluck();
  }

  /** Opens (creating it and its parent directories if needed) the cache at `path`; `:memory:` is private to this process. */
  static open(path: string): ResponseCache {
    let db: Database.Database | undefined;
    try {
      if (path !== ':memory:' && path !== '') mkdirSync(dirname(resolve(path)), { recursive: true });
      db = new Database(path);
      // The busy timeout goes first: switching to WAL itself needs a lock another process may hold.
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      db.pragma('journal_mode = WAL');
      // In WAL mode NORMAL is still crash-safe for the database; a power loss can only drop the
      // last few cached answers, which are re-fetched on the next run.
      db.pragma('synchronous = NORMAL');
      migrate(db, path);
      return new ResponseCache(db, path);
    } catch (error) {
      db?.close();
      if (LamasError.isInstance(error)) throw error;
      throw new CacheFileError(path, describe(error), { cause: error });
    }
  }

  get(key: string): CachedResponse | undefined {
    const row = this.guard(() => this.getResponse.get(key));
    if (row === undefined) return undefined;
    const texts: unknown = parseJson(row.texts);
    if (!Array.isArray(texts) || !texts.every((text): text is string => typeof text === 'string')) {
      throw new CacheFileError(this.path, `entry ${key} has malformed texts`);
    }
    const usage: ChatUsage = { promptTokens: row.prompt_tokens, completionTokens: row.completion_tokens };
    if (row.cached_tokens !== null) usage.cachedTokens = row.cached_tokens;
    const cached: CachedResponse = {
      texts,
      usage,
      model: row.model,
      latencyMs: row.latency_ms,
      createdAt: row.created_at,
    };
    if (row.first_token_ms !== null) cached.firstTokenMs = row.first_token_ms;
    return cached;
  }

  /** Stores a response under `key`; returns false when the key already had one (which is kept). */
  put(key: string, response: CacheableResponse): boolean {
    const { changes } = this.guard(() =>
      this.putResponse.run(
        key,
        response.model,
        JSON.stringify(response.texts),
        response.usage.promptTokens,
        response.usage.completionTokens,
        response.usage.cachedTokens ?? null,
        response.latencyMs,
        response.firstTokenMs ?? null,
        Date.now(),
      ),
    );
    return changes > 0;
  }

  getEmbedding(key: string): number[] | undefined {
    const blob = this.guard(() => this.getVector.get(key));
    if (blob === undefined) return undefined;
    if (blob.byteLength % Float64Array.BYTES_PER_ELEMENT !== 0) {
      throw new CacheFileError(this.path, `embedding ${key} has a malformed vector`);
    }
    // Copy into an aligned buffer: a Buffer's byteOffset need not be a multiple of 8.
    const aligned = new Uint8Array(blob.byteLength);
    aligned.set(blob);
    return Array.from(new Float64Array(aligned.buffer));
  }

  /** Stores one text's vector; returns false when the key already had one (which is kept). */
  putEmbedding(key: string, vector: readonly number[]): boolean {
    const blob = Buffer.from(Float64Array.from(vector).buffer);
    return this.guard(() => this.putVector.run(key, blob, Date.now())).changes > 0;
  }

  stats(): CacheStats {
    return this.guard(() => ({
      path: this.path,
      entries: this.countResponses.get() ?? 0,
      embeddings: this.countVectors.get() ?? 0,
    }));
  }

  /** Idempotent: closing twice is harmless, using the cache after closing is a CacheFileError. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  /** Turns SQLite failures (corruption, a lock held past the timeout) into a typed error naming the file. */
  private guard<T>(operation: () => T): T {
    if (this.closed) throw new CacheFileError(this.path, 'the cache is closed');
    try {
      return operation();
    } catch (error) {
      if (LamasError.isInstance(error)) throw error;
      throw new CacheFileError(this.path, describe(error), { cause: error });
    }
  }
}

/**
 * Creates the schema on a fresh file, checks the version on an existing one. Runs as one
 * IMMEDIATE transaction so two processes opening a new file at once cannot both create it.
 */
function migrate(db: Database.Database, path: string): void {
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
      db.exec(`CREATE TABLE schema_version (version INTEGER NOT NULL); ${SCHEMA_V1}`);
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(CACHE_SCHEMA_VERSION);
      return;
    }
    const version = db.prepare<[], number | null>('SELECT max(version) FROM schema_version').pluck().get() ?? null;
    if (version === null) throw new CacheFileError(path, 'has an empty schema_version table');
    if (version > CACHE_SCHEMA_VERSION) throw new CacheSchemaError(path, version, CACHE_SCHEMA_VERSION);
    // Older versions would be migrated here; version 1 is the first.
  }).immediate();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (error instanceof Database.SqliteError) {
    switch (error.code) {
      case 'SQLITE_NOTADB':
        return 'is not an SQLite database (delete it or choose another --cache path)';
      case 'SQLITE_CORRUPT':
        return 'is corrupt (delete it or choose another --cache path)';
      case 'SQLITE_BUSY':
        return `stayed locked by another process for more than ${BUSY_TIMEOUT_MS / 1000} s`;
      default:
        return `${error.code}: ${error.message}`;
    }
  }
  return error instanceof Error ? error.message : String(error);
}
