import { Random } from '../../src/util/random.ts';
import { algebraProblems } from './math/algebra-problems.ts';
import { countingProblems } from './math/counting-problems.ts';
import { mathSubjects, type MathKind, type MathSubject } from './math/math-kit.ts';
import { numberTheoryProblems } from './math/number-theory-problems.ts';
import { prealgebraProblems } from './math/prealgebra-problems.ts';

export { mathSubjects, type MathSubject } from './math/math-kit.ts';

/** A row in the PRM800K / MATH schema. */
export interface MathRow {
  problem: string;
  /** Worked solution whose last `\boxed{}` holds the answer. */
  solution: string;
  /** The content of the solution's last `\boxed{}`. */
  answer: string;
  subject: MathSubject;
  level: number;
  unique_id: string;
}

export const minLevel = 1;
export const maxLevel = 5;

const allKinds: readonly MathKind[] = [...algebraProblems, ...countingProblems, ...numberTheoryProblems, ...prealgebraProblems];

/** The directory name MATH uses for a subject, e.g. `counting_and_probability`. */
export function subjectSlug(subject: MathSubject): string {
  return subject.toLowerCase().replace(/&/g, 'and').replace(/\s+/g, '_');
}

/** Returns the content of the last `\boxed{...}`, matching nested braces; null if there is none. */
export function lastBoxed(text: string): string | null {
  const start = text.lastIndexOf('\\boxed{');
  if (start < 0) return null;
  let depth = 0;
  for (let i = start + '\\boxed'.length; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(start + '\\boxed{'.length, i);
  }
  return null;
}

export interface MathProblemRequest {
  subject: MathSubject;
  level: number;
}

/** One problem of the given subject and level, without its id. */
export function generateMathProblem(rng: Random, request: MathProblemRequest): Omit<MathRow, 'unique_id'> {
  const { subject, level } = request;
  if (!Number.isInteger(level) || level < minLevel || level > maxLevel) {
    throw new RangeError(`level must be an integer in ${minLevel}..${maxLevel}, got ${level}`);
  }
  const kinds = allKinds.filter((k) => k.subject === subject && k.minLevel <= level && level <= k.maxLevel);
  if (kinds.length === 0) throw new RangeError(`no problem kind for ${subject} at level ${level}`);
  const draft = rng.pick(kinds).make(rng, level);
  // A mismatch would silently corrupt grading downstream, so fail loudly at generation time.
  if (lastBoxed(draft.solution) !== draft.answer) {
    throw new Error(`generated solution's last \\boxed{} does not match its answer: ${draft.solution}`);
  }
  return { problem: draft.problem, solution: draft.solution, answer: draft.answer, subject, level };
}

export interface MathProblemsOptions {
  seed: number;
  count: number;
  /** unique_id becomes `<idPrefix>/<subject slug>/<index>.json`, echoing MATH's `test/algebra/12.json`. */
  idPrefix: string;
  /** Level per row index; random in 1..5 when omitted. */
  level?: number | ((index: number) => number);
  /** Subject per row index; random when omitted. */
  subject?: MathSubject | ((index: number) => MathSubject);
  /**
   * Problem texts to steer clear of (e.g. the train split when making the test split). Earlier
   * rows of the same call are always avoided too, so small level-1 spaces do not repeat.
   */
  avoid?: ReadonlySet<string>;
}

const maxRedraws = 50;

/** Row i depends only on (seed, i) and the rows to avoid, so growing `count` never changes earlier rows. */
export function generateMathProblems(options: MathProblemsOptions): MathRow[] {
  const rows: MathRow[] = [];
  const seen = new Set<string>();
  for (let index = 0; index < options.count; index++) {
    const row = generateDistinct(options, index, seen);
    seen.add(row.problem);
    rows.push(row);
  }
  return rows;
}

function generateDistinct(options: MathProblemsOptions, index: number, seen: ReadonlySet<string>): MathRow {
  for (let redraw = 0; ; redraw++) {
    // Redraw 0 keeps the plain label so rows without a clash never depend on the redraw logic.
    const rng =
      redraw === 0
        ? Random.derive(options.seed, 'math-problem', index)
        : Random.derive(options.seed, 'math-problem', index, 'redraw', redraw);
    const subject =
      options.subject === undefined
        ? rng.pick(mathSubjects)
        : typeof options.subject === 'function'
          ? options.subject(index)
          : options.subject;
    const level =
      options.level === undefined
        ? rng.int(minLevel, maxLevel)
        : typeof options.level === 'function'
          ? options.level(index)
          : options.level;
    const row = generateMathProblem(rng, { subject, level });
    const clash = seen.has(row.problem) || options.avoid?.has(row.problem) === true;
    if (clash && redraw < maxRedraws) continue;
    return { ...row, unique_id: `${options.idPrefix}/${subjectSlug(subject)}/${index}.json` };
  }
}
