import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { InputError } from './errors.ts';

export interface JsonlLine {
  /** 1-based line number in the file, for error messages. */
  line: number;
  value: unknown;
}

/** Parses JSON Lines text; blank lines are skipped, a malformed line names its number. */
export function parseJsonl(text: string, file: string): JsonlLine[] {
  const rows: JsonlLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    try {
      rows.push({ line: i + 1, value: JSON.parse(raw) });
    } catch (error) {
      throw new InputError({ file, line: i + 1 }, `not valid JSON (${(error as Error).message})`);
    }
  }
  return rows;
}

export async function readJsonl(file: string): Promise<JsonlLine[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError({ file }, `cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseJsonl(text, file);
}

/** Validates one parsed line against a schema; the error names the first bad field. */
export function validateLine<T>(schema: z.ZodType<T>, row: JsonlLine, file: string): T {
  const result = schema.safeParse(row.value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : undefined;
  throw new InputError({ file, line: row.line, field }, issue.message);
}
