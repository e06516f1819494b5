import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { LamasError } from '../../util/errors.ts';
import type { ChatResponse, ChatUsage } from '../chat-model.ts';
import { CacheFileError, CacheSchemaError } from './cache-errors.ts';
import { canonicalJson } from './canonical-json.ts';

/**
 * The schema this code writes and reads; a file with a higher version is refused.
 * 1: responses and embeddings. 2: a checksum per row (rows from version 1 have none; see `get`).
 */
export const CACHE_SCHEMA_VERSION = 2;

/**
 * Several processes (parallel eval shards, a trainer and an evaluator) may share one file; with
 * WAL they read concurrently and queue writes, and the busy timeout turns a momentary lock into
 * a short wait instead of SQLITE_BUSY.
 */
const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/**
 * Bounds on what a row may claim. No single call reads or writes 100 M tokens (the largest
 * context windows are ~1-2 M, times a few samples), nor takes a day; anything beyond is damage
 * or an edit, and replaying it would wreck cost and critical-path totals.
 */
const MAX_TOKENS = 100_000_000;
const MAX_DURATION_MS = 24 * 60 * 60 * 1000;

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

/**
 * What went wrong since the cache was opened; every one of these was served as a miss or a
 * skipped write, never as a failed call.
 */
export interface CacheCounts {
  /** Entries found damaged (checksum mismatch, unparsable, invalid numbers, a corrupt page): re-fetched. */
  corrupt: number;
  /** Reads that could not be made (the file locked past the busy timeout, an I/O error): misses. */
  readsSkipped: number;
  /** Answers returned to the caller but not stored (locked, corrupt page, invalid usage, closed). */
  writesSkipped: number;
}

export type CacheEvent = keyof CacheCounts;

export interface CacheOpenOptions {
  /** How long an operation waits for a lock another connection holds before giving up. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Told the first time each kind of event happens (later ones are only counted). Default: a line on stderr. */
  warn?: (message: string) => void;
}

/** One response row as stored, column for column (`texts` is the JSON text of the array). */
export interface StoredResponse {
  model: string;
  texts: string;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number | null;
  latencyMs: number;
  firstTokenMs: number | null;
  createdAt: number;
}

const tokenCount = z.number().int().min(0).max(MAX_TOKENS);
const duration = z.number().min(0).max(MAX_DURATION_MS);

/** Every value a response row is read back with; SQLite's loose typing lets anything into a column. */
const responseRowSchema = z.object({
  model: z.string(),
  texts: z.string(),
  prompt_tokens: tokenCount,
  completion_tokens: tokenCount,
  cached_tokens: tokenCount.nullable(),
  latency_ms: duration,
  first_token_ms: duration.nullable(),
  created_at: z.number().int().min(0),
  checksum: z.string().nullable(),
});
const textsSchema = z.array(z.string());

const embeddingRowSchema = z.object({
  vector: z.instanceof(Uint8Array),
  checksum: z.string().nullable(),
});

type ResponseRow = z.input<typeof responseRowSchema>;
type EmbeddingRow = z.input<typeof embeddingRowSchema>;

type ResponseWrite = [
  key: string,
  model: string,
  texts: string,
  promptTokens: number,
  completionTokens: number,
  cachedTokens: number | null,
  latencyMs: number,
  firstTokenMs: number | null,
  createdAt: number,
  checksum: string,
];

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

/**
 * Part of every checksum, independent of the schema version: changing what a checksum covers
 * needs a new format (and recomputed checksums), or every stored row would read as damaged.
 */
const CHECKSUM_FORMAT = 1;

/** Schema 1 → 2: rows already there keep a NULL checksum; `get` verifies their values and backfills it. */
const MIGRATE_1_TO_2 = `
  ALTER TABLE responses ADD COLUMN checksum TEXT;
  ALTER TABLE embeddings ADD COLUMN checksum TEXT;
`;

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

type Checked<T> = { ok: true; value: T; legacy: boolean; checksum: string } | { ok: false; reason: string };

/**
 * The LLM response cache: one SQLite file keyed by `cacheKey` hashes. Writes are
 * first-writer-wins: two processes racing on the same key both succeed and every later reader
 * replays the same answer — unless the row already there is damaged, which the new answer replaces.
 *
 * The cache never fails a call. A row that does not verify (checksum, parse, value ranges) or
 * sits on a page SQLite reports corrupt is a miss; a read or write that cannot get the lock
 * within the busy timeout is a miss or a skipped write. Each is counted (`counts()`), reported
 * once through `warn`, and the caller gets the backend's answer.
 */
export class ResponseCache {
  private readonly getResponse: Database.Statement<[string], ResponseRow>;
  private readonly writeResponse: Database.Statement<ResponseWrite>;
  private readonly backfillResponse: Database.Statement<[string, string]>;
  private readonly countResponses: Database.Statement<[], number>;
  private readonly getVector: Database.Statement<[string], EmbeddingRow>;
  private readonly writeVector: Database.Statement<[string, Buffer, number, string]>;
  private readonly backfillVector: Database.Statement<[string, string]>;
  private readonly countVectors: Database.Statement<[], number>;
  private readonly putResponseTx: (key: string, write: ResponseWrite) => boolean;
  private readonly putVectorTx: (key: string, blob: Buffer, checksum: string) => boolean;
  private readonly tally: CacheCounts = { corrupt: 0, readsSkipped: 0, writesSkipped: 0 };
  private readonly warned = new Set<CacheEvent>();
  private readonly listeners: Array<(event: CacheEvent) => void> = [];
  /** Set when a read (write) gave up on a lock; until one succeeds, the next ones do not wait. */
  private readsLockedOut = false;
  private writesLockedOut = false;
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    /** The path as given, for error messages. */
    readonly path: string,
    readonly busyTimeoutMs: number,
    private readonly warn: (message: string) => void,
  ) {
    // Prepared once: compiling SQL per call would dominate the cost of a hit.
    this.getResponse = db.prepare<[string], ResponseRow>(
      `SELECT model, texts, prompt_tokens, completion_tokens, cached_tokens, latency_ms, first_token_ms, created_at, checksum
       FROM responses WHERE key = ?`,
    );
    this.writeResponse = db.prepare<ResponseWrite>(
      `INSERT OR REPLACE INTO responses
       (key, model, texts, prompt_tokens, completion_tokens, cached_tokens, latency_ms, first_token_ms, created_at, checksum)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.backfillResponse = db.prepare<[string, string]>('UPDATE responses SET checksum = ? WHERE key = ? AND checksum IS NULL');
    this.countResponses = db.prepare<[], number>('SELECT count(*) FROM responses').pluck();
    this.getVector = db.prepare<[string], EmbeddingRow>('SELECT vector, checksum FROM embeddings WHERE key = ?');
    this.writeVector = db.prepare<[string, Buffer, number, string]>(
      'INSERT OR REPLACE INTO embeddings (key, vector, created_at, checksum) VALUES (?, ?, ?, ?)',
    );
    this.backfillVector = db.prepare<[string, string]>('UPDATE embeddings SET checksum = ? WHERE key = ? AND checksum IS NULL');
    this.countVectors = db.prepare<[], number>('SELECT count(*) FROM embeddings').pluck();

    // Read-check-write in one IMMEDIATE transaction, so a row another process stored meanwhile is
    // seen and kept (first writer wins) while a damaged one is replaced.
    const putResponse = db.transaction((key: string, write: ResponseWrite): boolean => {
      const existing = this.getResponse.get(key);
      if (existing !== undefined) {
        const checked = checkResponse(key, existing);
        if (checked.ok) {
          if (checked.legacy) this.backfillResponse.run(checked.checksum, key);
          return false;
        }
      }
      this.writeResponse.run(...write);
      return true;
    });
    this.putResponseTx = (key, write) => putResponse.immediate(key, write);
    const putVector = db.transaction((key: string, blob: Buffer, checksum: string): boolean => {
      const existing = this.getVector.get(key);
      if (existing !== undefined) {
        const checked = checkEmbedding(key, existing);
        if (checked.ok) {
          if (checked.legacy) this.backfillVector.run(checked.checksum, key);
          return false;
        }
      }
      this.writeVector.run(key, blob, Date.now(), checksum);
      return true;
    });
    this.putVectorTx = (key, blob, checksum) => putVector.immediate(key, blob, checksum);
  }

  /**
   * Opens (creating it and its parent directories if needed) the cache at `path`; `:memory:` is
   * private to this process. A file that cannot be opened as a lamas cache (not SQLite, corrupt
   * schema, another program's database, newer schema) is a CacheFileError/CacheSchemaError naming it.
   */
  static open(path: string, options: CacheOpenOptions = {}): ResponseCache {
    const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) throw new RangeError(`busyTimeoutMs must be a non-negative integer, got ${busyTimeoutMs}`);
    const warn = options.warn ?? ((message: string) => process.stderr.write(`lamas: warning: ${message}\n`));
    let db: Database.Database | undefined;
    try {
      if (path !== ':memory:' && path !== '') mkdirSync(dirname(resolve(path)), { recursive: true });
      db = new Database(path);
      // The busy timeout goes first: switching to WAL itself needs a lock another process may hold.
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      db.pragma('journal_mode = WAL');
      // In WAL mode NORMAL is still crash-safe for the database; a power loss can only drop the
      // last few cached answers, which are re-fetched on the next run.
      db.pragma('synchronous = NORMAL');
      migrate(db, path);
      return new ResponseCache(db, path, busyTimeoutMs, warn);
    } catch (error) {
      db?.close();
      if (LamasError.isInstance(error)) throw error;
      throw new CacheFileError(path, describe(error, busyTimeoutMs), { cause: error });
    }
  }

  /**
   * The entry under `key`, or undefined for a miss. A row written before checksums (schema 1) is
   * served when its values are valid, and its checksum is filled in then, so from that read on it
   * is protected like a new row.
   */
  get(key: string): CachedResponse | undefined {
    const row = this.read(() => this.getResponse.get(key));
    if (row === undefined) return undefined;
    const checked = checkResponse(key, row);
    if (!checked.ok) {
      this.record('corrupt', `entry ${key} ${checked.reason}`);
      return undefined;
    }
    if (checked.legacy) this.backfill(this.backfillResponse, key, checked.checksum);
    return checked.value;
  }

  /**
   * Stores a response under `key`; returns false when it was not stored: the key already had a
   * valid one (which is kept), or the write was skipped (counted in `writesSkipped`). Never throws:
   * the caller has paid for the answer and keeps it whatever happens to the file.
   */
  put(key: string, response: CacheableResponse): boolean {
    let write: ResponseWrite;
    try {
      const stored: StoredResponse = {
        model: response.model,
        texts: JSON.stringify(response.texts),
        promptTokens: response.usage.promptTokens,
        completionTokens: response.usage.completionTokens,
        cachedTokens: response.usage.cachedTokens ?? null,
        latencyMs: response.latencyMs,
        firstTokenMs: response.firstTokenMs ?? null,
        createdAt: Date.now(),
      };
      const invalid = invalidResponse(stored);
      if (invalid !== undefined) {
        this.record('writesSkipped', `the answer for ${key} was not stored: ${invalid}`);
        return false;
      }
      write = [key, stored.model, stored.texts, stored.promptTokens, stored.completionTokens, stored.cachedTokens, stored.latencyMs, stored.firstTokenMs, stored.createdAt, responseChecksum(key, stored)];
    } catch (error) {
      this.record('writesSkipped', `the answer for ${key} was not stored: ${errorText(error)}`);
      return false;
    }
    return this.write(key, () => this.putResponseTx(key, write));
  }

  getEmbedding(key: string): number[] | undefined {
    const row = this.read(() => this.getVector.get(key));
    if (row === undefined) return undefined;
    const checked = checkEmbedding(key, row);
    if (!checked.ok) {
      this.record('corrupt', `embedding ${key} ${checked.reason}`);
      return undefined;
    }
    if (checked.legacy) this.backfill(this.backfillVector, key, checked.checksum);
    return checked.value;
  }

  /** Stores one text's vector; returns false when it was not stored (see `put`). Never throws. */
  putEmbedding(key: string, vector: readonly number[]): boolean {
    if (!vector.every(Number.isFinite)) {
      this.record('writesSkipped', `the embedding for ${key} was not stored: it holds a non-finite number`);
      return false;
    }
    const blob = Buffer.from(Float64Array.from(vector).buffer);
    const checksum = embeddingChecksum(key, blob);
    return this.write(key, () => this.putVectorTx(key, blob, checksum));
  }

  /** What was served as a miss or skipped since opening. */
  counts(): CacheCounts {
    return { ...this.tally };
  }

  /** Calls `listener` on every counted event (for live metrics). */
  onEvent(listener: (event: CacheEvent) => void): void {
    this.listeners.push(listener);
  }

  stats(): CacheStats {
    this.assertOpen();
    try {
      return { path: this.path, entries: this.countResponses.get() ?? 0, embeddings: this.countVectors.get() ?? 0 };
    } catch (error) {
      throw new CacheFileError(this.path, describe(error, this.busyTimeoutMs), { cause: error });
    }
  }

  /** Idempotent: closing twice is harmless; reading after closing is a CacheFileError, writing a skipped write. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new CacheFileError(this.path, 'the cache is closed');
  }

  /** Runs a read; an SQLite failure (corrupt page, lock past the timeout, I/O) is a counted miss. */
  private read<T>(operation: () => T): T | undefined {
    this.assertOpen();
    try {
      const result = this.lockPolicy(this.readsLockedOut, operation);
      this.readsLockedOut = false;
      return result;
    } catch (error) {
      if (isLocked(error)) this.readsLockedOut = true;
      if (isCorrupt(error)) this.record('corrupt', `a read hit a damaged page (${sqliteCode(error)}: ${errorText(error)})`);
      else this.record('readsSkipped', `a read failed (${failureText(error, this.busyTimeoutMs)})`);
      return undefined;
    }
  }

  /** Runs a write; any failure is a counted skipped write, never an error for the caller. */
  private write(key: string, operation: () => boolean): boolean {
    if (this.closed) {
      this.record('writesSkipped', `the answer for ${key} was not stored: the cache is closed`);
      return false;
    }
    try {
      const stored = this.lockPolicy(this.writesLockedOut, operation);
      this.writesLockedOut = false;
      return stored;
    } catch (error) {
      if (isLocked(error)) this.writesLockedOut = true;
      this.record('writesSkipped', `the answer for ${key} was not stored (${failureText(error, this.busyTimeoutMs)})`);
      return false;
    }
  }

  /**
   * After an operation gave up on a lock, the next ones of its kind try once without waiting,
   * until one succeeds: a lock held for minutes costs one busy timeout (better-sqlite3 blocks the
   * event loop while it waits), not one per call.
   */
  private lockPolicy<T>(lockedOut: boolean, operation: () => T): T {
    if (!lockedOut || this.busyTimeoutMs === 0) return operation();
    this.db.pragma('busy_timeout = 0');
    try {
      return operation();
    } finally {
      this.db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
    }
  }

  /** Fills in the checksum of a verified schema-1 row; best effort and never waits for a lock (the next read tries again). */
  private backfill(statement: Database.Statement<[string, string]>, key: string, checksum: string): void {
    try {
      this.lockPolicy(true, () => statement.run(checksum, key));
    } catch {
      // Locked, read-only or damaged: the row stays unverified and is checked again next time.
    }
  }

  private record(event: CacheEvent, detail: string): void {
    this.tally[event] += 1;
    for (const listener of this.listeners) listener(event);
    if (this.warned.has(event)) return;
    this.warned.add(event);
    const consequence = {
      corrupt: 'served as a miss (the backend answers and its answer replaces the entry); further damaged entries are only counted (cacheCorrupt in the summary)',
      readsSkipped: 'served as a miss; further failed reads are only counted (cacheReadsSkipped in the summary)',
      writesSkipped: 'the caller kept the answer; further skipped writes are only counted (cacheWritesSkipped in the summary)',
    }[event];
    this.warn(`LLM cache ${this.path}: ${detail}; ${consequence}`);
  }
}

function checkResponse(key: string, raw: ResponseRow): Checked<CachedResponse> {
  const parsed = responseRowSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `has invalid values (${issuesText(parsed.error)})` };
  const row = parsed.data;
  const stored: StoredResponse = {
    model: row.model,
    texts: row.texts,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    cachedTokens: row.cached_tokens,
    latencyMs: row.latency_ms,
    firstTokenMs: row.first_token_ms,
    createdAt: row.created_at,
  };
  const checksum = responseChecksum(key, stored);
  if (row.checksum !== null && row.checksum !== checksum) return { ok: false, reason: 'does not match its checksum' };
  const texts = textsSchema.safeParse(parseJson(row.texts));
  if (!texts.success) return { ok: false, reason: 'has texts that are not a JSON array of strings' };
  const usage: ChatUsage = { promptTokens: row.prompt_tokens, completionTokens: row.completion_tokens };
  if (row.cached_tokens !== null) usage.cachedTokens = row.cached_tokens;
  const value: CachedResponse = { texts: texts.data, usage, model: row.model, latencyMs: row.latency_ms, createdAt: row.created_at };
  if (row.first_token_ms !== null) value.firstTokenMs = row.first_token_ms;
  return { ok: true, value, legacy: row.checksum === null, checksum };
}

function checkEmbedding(key: string, raw: EmbeddingRow): Checked<number[]> {
  const parsed = embeddingRowSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'is not a vector' };
  const { vector: blob, checksum: stored } = parsed.data;
  const checksum = embeddingChecksum(key, blob);
  if (stored !== null && stored !== checksum) return { ok: false, reason: 'does not match its checksum' };
  if (blob.byteLength % Float64Array.BYTES_PER_ELEMENT !== 0) return { ok: false, reason: 'has a malformed vector' };
  // Copy into an aligned buffer: a Buffer's byteOffset need not be a multiple of 8.
  const aligned = new Uint8Array(blob.byteLength);
  aligned.set(blob);
  const vector = Array.from(new Float64Array(aligned.buffer));
  if (!vector.every(Number.isFinite)) return { ok: false, reason: 'holds a non-finite number' };
  return { ok: true, value: vector, legacy: stored === null, checksum };
}

/** Why a response must not be stored (the same checks a read makes), or undefined. */
function invalidResponse(stored: StoredResponse): string | undefined {
  const parsed = responseRowSchema.safeParse({
    model: stored.model,
    texts: stored.texts,
    prompt_tokens: stored.promptTokens,
    completion_tokens: stored.completionTokens,
    cached_tokens: stored.cachedTokens,
    latency_ms: stored.latencyMs,
    first_token_ms: stored.firstTokenMs,
    created_at: stored.createdAt,
    checksum: null,
  });
  return parsed.success ? undefined : `invalid usage or latency (${issuesText(parsed.error)})`;
}

/**
 * Creates the schema on a fresh file, checks the version on an existing one and migrates an
 * older one. Runs as one IMMEDIATE transaction so two processes opening a file at once cannot
 * both create or migrate it.
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

function hashable(value: number | null): number | string | null {
  return value === null || Number.isFinite(value) ? value : String(value);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function issuesText(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`).join('; ');
}

function sqliteCode(error: unknown): string | undefined {
  return error instanceof Database.SqliteError ? error.code : undefined;
}

function isCorrupt(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

function isLocked(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Why an operation on an open cache failed, for warnings. */
function failureText(error: unknown, busyTimeoutMs: number): string {
  const code = sqliteCode(error);
  if (isCorrupt(error)) return `${code}: the file is damaged; delete it or choose another --cache path`;
  if (isLocked(error)) return `the file stayed locked by another process for more than ${busyTimeoutMs} ms`;
  return code !== undefined ? `${code}: ${errorText(error)}` : errorText(error);
}

/** Why the cache file cannot be used, after "LLM cache PATH: ". */
function describe(error: unknown, busyTimeoutMs: number): string {
  const code = sqliteCode(error);
  if (code === 'SQLITE_NOTADB') return 'is not an SQLite database (delete it or choose another --cache path)';
  if (code?.startsWith('SQLITE_CORRUPT')) return 'is corrupt (delete it or choose another --cache path)';
  if (isLocked(error)) return `stayed locked by another process for more than ${busyTimeoutMs} ms`;
  if (code !== undefined) return `${code}: ${errorText(error)}`;
  return errorText(error);
}
