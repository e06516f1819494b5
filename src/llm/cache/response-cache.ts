import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { LamasError } from '../../util/errors.ts';
import { CacheFileError } from './cache-errors.ts';
import { type CacheCounts, type CacheEvent, CacheEventLog } from './cache-events.ts';
import { migrate } from './cache-schema.ts';
import { type CacheStatements, prepareCacheStatements } from './cache-statements.ts';
import { checkEmbedding, checkResponse, embeddingToStore, responseToStore } from './check-rows.ts';
import { errorText, failureText, isCorrupt, isLocked, sqliteCode, unusableFileText } from './sqlite-failures.ts';
import type { CacheableResponse, CachedResponse, ResponseWrite } from './stored-rows.ts';

/**
 * Several processes (parallel eval shards, a trainer and an evaluator) may share one file; with
 * WAL they read concurrently and queue writes, and the busy timeout turns a momentary lock into
 * a short wait instead of SQLITE_BUSY.
 */
const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

export interface CacheStats {
  path: string;
  /** Cached chat responses. */
  entries: number;
  /** Cached embedding vectors (one per text). */
  embeddings: number;
}

export interface CacheOpenOptions {
  /** How long an operation waits for a lock another connection holds before giving up. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Told the first time each kind of event happens (later ones are only counted). Default: a line on stderr. */
  warn?: (message: string) => void;
}

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
  private readonly sql: CacheStatements;
  private readonly events: CacheEventLog;
  /** Set when a read (write) gave up on a lock; until one succeeds, the next ones do not wait. */
  private readsLockedOut = false;
  private writesLockedOut = false;
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    /** The path as given, for error messages. */
    readonly path: string,
    readonly busyTimeoutMs: number,
    warn: (message: string) => void,
  ) {
    this.sql = prepareCacheStatements(db);
    this.events = new CacheEventLog(path, warn);
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
      throw new CacheFileError(path, unusableFileText(error, busyTimeoutMs), { cause: error });
    }
  }

  /**
   * The entry under `key`, or undefined for a miss. A row written before checksums (schema 1) is
   * served when its values are valid, and its checksum is filled in then, so from that read on it
   * is protected like a new row.
   */
  get(key: string): CachedResponse | undefined {
    const row = this.read(() => this.sql.getResponse.get(key));
    if (row === undefined) return undefined;
    const checked = checkResponse(key, row);
    if (!checked.ok) {
      this.events.record('corrupt', `entry ${key} ${checked.reason}`);
      return undefined;
    }
    if (checked.legacy) this.backfill(this.sql.backfillResponse, key, checked.checksum);
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
      const toStore = responseToStore(key, response, Date.now());
      if (!toStore.ok) {
        this.events.record('writesSkipped', `the answer for ${key} was not stored: ${toStore.reason}`);
        return false;
      }
      const { stored } = toStore;
      write = [key, stored.model, stored.texts, stored.promptTokens, stored.completionTokens, stored.cachedTokens, stored.latencyMs, stored.firstTokenMs, stored.createdAt, toStore.checksum];
    } catch (error) {
      this.events.record('writesSkipped', `the answer for ${key} was not stored: ${errorText(error)}`);
      return false;
    }
    return this.write(key, () => this.sql.putResponse(key, write));
  }

  getEmbedding(key: string): number[] | undefined {
    const row = this.read(() => this.sql.getVector.get(key));
    if (row === undefined) return undefined;
    const checked = checkEmbedding(key, row);
    if (!checked.ok) {
      this.events.record('corrupt', `embedding ${key} ${checked.reason}`);
      return undefined;
    }
    if (checked.legacy) this.backfill(this.sql.backfillVector, key, checked.checksum);
    return checked.value;
  }

  /** Stores one text's vector; returns false when it was not stored (see `put`). Never throws. */
  putEmbedding(key: string, vector: readonly number[]): boolean {
    const toStore = embeddingToStore(key, vector);
    if (!toStore.ok) {
      this.events.record('writesSkipped', `the embedding for ${key} was not stored: ${toStore.reason}`);
      return false;
    }
    return this.write(key, () => this.sql.putVector(key, toStore.blob, toStore.checksum));
  }

  /** What was served as a miss or skipped since opening. */
  counts(): CacheCounts {
    return this.events.counts();
  }

  /** Calls `listener` on every counted event (for live metrics). */
  onEvent(listener: (event: CacheEvent) => void): void {
    this.events.onEvent(listener);
  }

  stats(): CacheStats {
    this.assertOpen();
    try {
      return { path: this.path, entries: this.sql.countResponses.get() ?? 0, embeddings: this.sql.countVectors.get() ?? 0 };
    } catch (error) {
      throw new CacheFileError(this.path, unusableFileText(error, this.busyTimeoutMs), { cause: error });
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
      if (isCorrupt(error)) this.events.record('corrupt', `a read hit a damaged page (${sqliteCode(error)}: ${errorText(error)})`);
      else this.events.record('readsSkipped', `a read failed (${failureText(error, this.busyTimeoutMs)})`);
      return undefined;
    }
  }

  /** Runs a write; any failure is a counted skipped write, never an error for the caller. */
  private write(key: string, operation: () => boolean): boolean {
    if (this.closed) {
      this.events.record('writesSkipped', `the answer for ${key} was not stored: the cache is closed`);
      return false;
    }
    try {
      const stored = this.lockPolicy(this.writesLockedOut, operation);
      this.writesLockedOut = false;
      return stored;
    } catch (error) {
      if (isLocked(error)) this.writesLockedOut = true;
      this.events.record('writesSkipped', `the answer for ${key} was not stored (${failureText(error, this.busyTimeoutMs)})`);
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
}
