import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError, UsageError } from '../util/errors.ts';
import { sourcePath } from '../util/source-path.ts';

export const latestProfileVersion = 3;

/** P(correct | z) = sigmoid(intercept - slope * z), z the query's standardised difficulty. */
const skillCurve = z.object({ intercept: z.number(), slope: z.number().nonnegative() });
/** Completion tokens ~ lognormal(ln(median), sigma), clamped to [min, max]. */
const lengthModel = z.object({
  median: z.number().positive(),
  sigma: z.number().nonnegative(),
  min: z.number().int().positive().default(8),
  max: z.number().int().positive().default(4096),
});

const roles = ['generate', 'cot', 'sc-select', 'self-refine', 'programmer', 'custom-code', 'test-reflect', 'plan', 'aggregate'] as const;
const perRole = <T extends z.ZodType>(schema: T) => z.object(Object.fromEntries(roles.map((role) => [role, schema])) as Record<(typeof roles)[number], T>);

const taskProfile = z.object({
  /**
   * z = (difficulty - center) / scale + offset, offset ~ N(0, offsetSd): per (seed, query) up to
   * version 2, per query alone from version 3 (query-difficulty.ts).
   */
  difficulty: z.object({ center: z.number(), scale: z.number().positive(), offsetSd: z.number().nonnegative() }),
  skills: perRole(skillCurve),
  lengths: perRole(lengthModel),
  /** Wrong answers come from a small per-query pool, weighted toward its first entries. */
  wrongPool: z.object({ size: z.number().int().min(1).max(8), decay: z.number().min(0).max(1) }),
  selfRefine: z.object({ fix: z.number().min(0).max(1), break: z.number().min(0).max(1) }),
  /** Chance a written program raises, multiplied by `retryDecay` on every retry. */
  programmer: z.object({ raise: z.number().min(0).max(1), retryDecay: z.number().min(0).max(1) }),
});

export const simProfileSchema = z.object({
  /** 1-2: difficulty offsets drawn per (seed, query); 3: per query alone. Nothing else differs. */
  version: z.number().int().positive().max(latestProfileVersion, `unknown profile version (this lamas reads versions 1 to ${latestProfileVersion})`),
  name: z.string(),
  /** The model the profile imitates; pricing follows it. */
  model: z.string(),
  /** How the calibration was made and what it is fitted to. */
  notes: z.string(),
  latency: z.object({
    firstTokenMs: z.number().positive(),
    firstTokenSigma: z.number().nonnegative(),
    tokensPerSecond: z.number().positive(),
    rateSigma: z.number().nonnegative(),
    /** Prompt processing speed (prefill), tokens per second. */
    prefillTokensPerSecond: z.number().positive(),
  }),
  /**
   * A profile simulates only the tasks it was calibrated for: `gpt-4` has no MATH entry (no gpt-4
   * MATH recording exists to calibrate one), and the sim refuses MATH with it before a run starts.
   */
  tasks: z.object({ gsm8k: taskProfile, math: taskProfile.optional(), humaneval: taskProfile }),
});
export type SimProfile = z.infer<typeof simProfileSchema>;
export type TaskProfile = z.infer<typeof taskProfile>;
export type SimRole = (typeof roles)[number];

/**
 * Built-in profiles by name, and the file each reads. A frozen version stays loadable under its
 * `-v<N>` name; the bare model name is the current default.
 */
const builtin: Record<string, string> = {
  'gpt-4o-mini': 'gpt-4o-mini-v3',
  'gpt-4o-mini-v2': 'gpt-4o-mini-v2',
  'gpt-4o-mini-v3': 'gpt-4o-mini-v3',
  // A strong, slow, expensive second model, calibrated on replayed gpt-4 outputs (docs/CALIBRATION.md).
  'gpt-4': 'gpt-4-v3',
  'gpt-4-v3': 'gpt-4-v3',
};

export function profilePath(name: string): string {
  const file = builtin[name];
  if (file === undefined) throw new UsageError(`unknown sim profile "${name}" (built in: ${Object.keys(builtin).join(', ')})`, '--llm');
  return sourcePath(`./profiles/${file}.json`, import.meta.url);
}

/** Loads a built-in profile by name, or any profile file by path. */
export function loadSimProfile(nameOrPath: string): SimProfile {
  const isBuiltin = Object.hasOwn(builtin, nameOrPath);
  if (!isBuiltin && !nameOrPath.endsWith('.json')) {
    throw new UsageError(`unknown sim profile "${nameOrPath}" (built in: ${Object.keys(builtin).join(', ')}; or a path to a .json profile)`, '--llm');
  }
  const file = isBuiltin ? profilePath(nameOrPath) : nameOrPath;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError({ file }, `cannot read the sim profile (${(error as Error).message})`);
  }
  const parsed = simProfileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError({ file, field: issue.path.join('.') }, issue.message);
  }
  return parsed.data;
}

/** The profile's calibrated entry for a task's sim curves; a profile without one cannot simulate the task (exit 2, --llm). */
export function taskProfileOf(profile: SimProfile, name: string): TaskProfile {
  const entry = (profile.tasks as Record<string, TaskProfile | undefined>)[name];
  if (!entry) throw new UsageError(`sim profile ${profile.name} has no "${name}" entry: it simulates ${Object.keys(profile.tasks).join(', ')} only`, '--llm');
  return entry;
}
