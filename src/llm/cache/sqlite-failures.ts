import Database from 'better-sqlite3';

/** The SQLite error code (SQLITE_BUSY, SQLITE_CORRUPT_VTAB, ...), or undefined for any other error. */
export function sqliteCode(error: unknown): string | undefined {
  return error instanceof Database.SqliteError ? error.code : undefined;
}

/** A damaged page or a file that is not a database. */
export function isCorrupt(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/** A lock another connection held past the busy timeout. */
export function isLocked(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Why an operation on an open cache failed, for warnings. */
export function failureText(error: unknown, busyTimeoutMs: number): string {
  const code = sqliteCode(error);
  if (isCorrupt(error)) return `${code}: the file is damaged; delete it or choose another --cache path`;
  if (isLocked(error)) return `the file stayed locked by another process for more than ${busyTimeoutMs} ms`;
  return code !== undefined ? `${code}: ${errorText(error)}` : errorText(error);
}

/** Why the cache file cannot be used, after "LLM cache PATH: ". */
export function unusableFileText(error: unknown, busyTimeoutMs: number): string {
  const code = sqliteCode(error);
  if (code === 'SQLITE_NOTADB') return 'is not an SQLite database (delete it or choose another --cache path)';
  if (code?.startsWith('SQLITE_CORRUPT')) return 'is corrupt (delete it or choose another --cache path)';
  if (isLocked(error)) return `stayed locked by another process for more than ${busyTimeoutMs} ms`;
  if (code !== undefined) return `${code}: ${errorText(error)}`;
  return errorText(error);
}
