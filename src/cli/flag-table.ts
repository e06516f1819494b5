import { readFileSync } from 'node:fs';
import type { CommandEntry } from './commands.ts';
import { type FlagSpec, flagSpecs } from './flags.ts';

/**
 * The compiled CLI's flags, written beside it by the build (scripts/build.mjs) from the same
 * schemas: `lamas <command> --help` and usage errors then need no zod (a third of a second of
 * start-up CPU). bin/lamas.js runs dist/ only while it matches the sources, so the table does too.
 */
const compiledTable = new URL('./flag-table.json', import.meta.url);

/** The flags of the commands named: from the build's table when running compiled, else from the schemas. */
export async function flagsOf(entries: readonly CommandEntry[]): Promise<Map<CommandEntry, FlagSpec[]>> {
  if (entries.length === 0) return new Map();
  if (import.meta.url.endsWith('.js')) {
    const table = readTable();
    if (table && entries.every((entry) => Array.isArray(table[entry.name]))) return new Map(entries.map((entry) => [entry, table[entry.name]!]));
  }
  const options = await import('./command-options.ts');
  return new Map(entries.map((entry) => [entry, flagSpecs(entry.flags(options))]));
}

/** Every command's flags, as the build writes them to flag-table.json. */
export async function flagTable(entries: readonly CommandEntry[]): Promise<Record<string, FlagSpec[]>> {
  const options = await import('./command-options.ts');
  return Object.fromEntries(entries.map((entry) => [entry.name, flagSpecs(entry.flags(options))]));
}

function readTable(): Record<string, FlagSpec[] | undefined> | undefined {
  try {
    return JSON.parse(readFileSync(compiledTable, 'utf8')) as Record<string, FlagSpec[] | undefined>;
  } catch {
    return undefined; // no table (a build without it): the schemas give the same flags, only slower
  }
}
