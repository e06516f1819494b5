import type { z } from 'zod';
import { UsageError } from '../util/errors.ts';
import { kebab } from './flags.ts';

/** Validates cac's parsed flags with a zod schema; the error names the flag as the user typed it. */
export function parseOptions<T>(schema: z.ZodType<T>, raw: Record<string, unknown>): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const key = issue.path[0];
  const flag = typeof key === 'string' ? `--${kebab(key)}` : undefined;
  throw new UsageError(issue.message, flag);
}
