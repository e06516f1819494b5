import type { z } from 'zod';

/**
 * Command-line flags generated from an options schema, so an option is declared once: its key
 * gives the flag (`queriesInFlight` -> `--queries-in-flight`), its zod type the parsing and the
 * default, its metadata the help. A field's help is `.describe('...')`, or `.meta({...})` with:
 *   - `arg`: the value's placeholder, `k` for `--epochs <k>` or `[path]` for an optional value
 *     (default: `value`); booleans take none;
 *   - `defaultText`: the default as help prints it, for a field whose default is applied outside
 *     the schema (`CPU count`, `$OPENAI_BASE_URL`); otherwise help prints the schema's own default;
 *   - `negation`: help of an extra `--no-<flag>` for a field that also takes a value (`--no-cache`).
 * A boolean that defaults to true is the flag `--no-<flag>` alone (cac then passes `false`).
 * Fields without help are positional arguments the command names in `positional`, or an error.
 */
declare module 'zod/v4/core' {
  interface GlobalMeta {
    arg?: string;
    defaultText?: string;
    negation?: string;
  }
}

/** One flag as cac registers it. */
export interface FlagSpec {
  /** `--epochs <k>`, `--cache [path]`, `--json`, `--no-cp-credit`. */
  raw: string;
  help: string;
}

/** A command's options schema, as its flags are generated from it. */
export interface FlagSource {
  schema: z.ZodObject;
  /** Fields that are positional arguments, not flags. */
  positional?: readonly string[];
  /** Shared schemas whose fields help lists after the command's own, in this order (the trainer's, then the backend's). */
  listedLast?: readonly z.ZodObject[];
}

/** The flags of a schema's fields, the command's own first, then those of `listedLast` (the order help lists them in). */
export function flagSpecs({ schema, positional = [], listedLast = [] }: FlagSource): FlagSpec[] {
  const specs: FlagSpec[] = [];
  const entries = Object.entries(schema.shape) as [string, z.ZodType][];
  // The group a key is listed in: 0 the command's own, then 1 + its index in listedLast.
  const group = (key: string) => 1 + listedLast.findIndex((shared) => key in shared.shape);
  const ordered = entries.map((entry, i) => ({ entry, i, group: group(entry[0]) })).sort((a, b) => a.group - b.group || a.i - b.i);
  for (const { entry: [key, field] } of ordered) {
    if (positional.includes(key)) continue;
    const meta = field.meta() ?? {};
    if (!meta.description) throw new Error(`option "${key}" has no help: give its schema field .describe('...') (src/cli/flags.ts)`);
    const name = `--${kebab(key)}`;
    const fallback = defaultOf(field);
    if (baseType(field) === 'boolean') {
      specs.push(fallback === true ? { raw: `--no-${kebab(key)}`, help: meta.description } : { raw: name, help: meta.description });
      continue;
    }
    const arg = meta.arg ?? 'value';
    const shown = meta.defaultText ?? (fallback === undefined ? undefined : formatDefault(fallback));
    specs.push({ raw: `${name} ${arg.startsWith('[') ? arg : `<${arg}>`}`, help: shown === undefined ? meta.description : `${meta.description} (default: ${shown})` });
    if (meta.negation) specs.push({ raw: `--no-${kebab(key)}`, help: meta.negation });
  }
  return specs;
}

/** `queriesInFlight` -> `queries-in-flight`; parse-options.ts names flags in errors the same way. */
export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The schema's default for an absent flag, or undefined when it has none. */
export function defaultOf(field: z.ZodType): unknown {
  const def = field._zod.def as { type: string; defaultValue?: unknown; innerType?: z.ZodType };
  if (def.type === 'default') return def.defaultValue;
  if ((def.type === 'optional' || def.type === 'nullable') && def.innerType) return defaultOf(def.innerType);
  return undefined;
}

/** The type under defaults, optionals and pipes: `boolean` for a flag that takes no value. */
function baseType(field: z.ZodType): string {
  const def = field._zod.def as { type: string; innerType?: z.ZodType; out?: z.ZodType };
  if (def.innerType) return baseType(def.innerType);
  return def.type;
}

function formatDefault(value: unknown): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}
