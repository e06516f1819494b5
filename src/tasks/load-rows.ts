import { basename, extname } from 'node:path';
import type { z } from 'zod';
import { readJsonl, validateLine } from '../util/jsonl.ts';

export interface LoadedRow<T> {
  row: T;
  /** 0-based position among the file's rows. */
  index: number;
  /** 1-based line in the file, for error messages. */
  line: number;
  /** Fallback id for rows without one: `<file stem>-<index>`. */
  fallbackId: string;
}

/** Reads a JSONL file and validates every row; the first bad row fails with file, line and field. */
export async function loadRows<T>(file: string, schema: z.ZodType<T>): Promise<LoadedRow<T>[]> {
  const stem = basename(file, extname(file));
  const lines = await readJsonl(file);
  return lines.map((line, index) => ({
    row: validateLine(schema, line, file),
    index,
    line: line.line,
    fallbackId: `${stem}-${index}`,
  }));
}
