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

/** What each kind of event meant for the caller, in the one warning it gets. */
const consequences: Record<CacheEvent, string> = {
  corrupt: 'served as a miss (the backend answers and its answer replaces the entry); further damaged entries are only counted (cacheCorrupt in the summary)',
  readsSkipped: 'served as a miss; further failed reads are only counted (cacheReadsSkipped in the summary)',
  writesSkipped: 'the caller kept the answer; further skipped writes are only counted (cacheWritesSkipped in the summary)',
};

/** Counts a cache's events, tells listeners of each, and warns once per kind. */
export class CacheEventLog {
  private readonly tally: CacheCounts = { corrupt: 0, readsSkipped: 0, writesSkipped: 0 };
  private readonly warned = new Set<CacheEvent>();
  private readonly listeners: Array<(event: CacheEvent) => void> = [];

  constructor(
    /** The cache's path, for the warning. */
    private readonly path: string,
    private readonly warn: (message: string) => void,
  ) {}

  record(event: CacheEvent, detail: string): void {
    this.tally[event] += 1;
    for (const listener of this.listeners) listener(event);
    if (this.warned.has(event)) return;
    this.warned.add(event);
    this.warn(`LLM cache ${this.path}: ${detail}; ${consequences[event]}`);
  }

  counts(): CacheCounts {
    return { ...this.tally };
  }

  onEvent(listener: (event: CacheEvent) => void): void {
    this.listeners.push(listener);
  }
}
