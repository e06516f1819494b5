import { Random } from '../../src/util/random.ts';
import { wordProblemScenarios } from './word-problem-scenarios.ts';

/** A row in the official GSM8K format. */
export interface GsmRow {
  question: string;
  /** One calculation per line with `<<expr=value>>` annotations, then `#### N`. */
  answer: string;
}

export const minSteps = 1;
export const maxSteps = 8;

/**
 * One multi-step word problem whose solution has exactly `steps` annotated lines. Every
 * intermediate value is a positive integer and every division is exact, so the `#### N`
 * answer can be checked by replaying the annotations.
 */
export function generateArithmeticWordProblem(rng: Random, steps: number): GsmRow {
  if (!Number.isInteger(steps) || steps < minSteps || steps > maxSteps) {
    throw new RangeError(`steps must be an integer in ${minSteps}..${maxSteps}, got ${steps}`);
  }
  // Scenarios can corner themselves (nothing divides evenly), so retry with fresh draws.
  for (let attempt = 0; attempt < 200; attempt++) {
    const scenario = rng.pick(wordProblemScenarios);
    const story = scenario(rng, steps);
    if (story === null) continue;
    const answer = story.lines[story.lines.length - 1]!.value;
    return {
      question: [...story.sentences, story.question].join(' '),
      answer: `${story.lines.map((l) => l.text).join('\n')}\n#### ${answer}`,
    };
  }
  throw new Error(`could not build a ${steps}-step word problem after 200 attempts`);
}

export interface ArithmeticWordProblemOptions {
  seed: number;
  count: number;
  /** Steps for every row, or per row index (e.g. to spread difficulties). */
  steps: number | ((index: number) => number);
  /** Questions to steer clear of (e.g. the train split); earlier rows of the same call are avoided too. */
  avoid?: ReadonlySet<string>;
}

const maxRedraws = 50;

/** Row i depends only on (seed, i) and the rows to avoid, so growing `count` never changes earlier rows. */
export function generateArithmeticWordProblems(options: ArithmeticWordProblemOptions): GsmRow[] {
  const rows: GsmRow[] = [];
  const seen = new Set<string>();
  for (let index = 0; index < options.count; index++) {
    const steps = typeof options.steps === 'number' ? options.steps : options.steps(index);
    for (let redraw = 0; ; redraw++) {
      // Redraw 0 keeps the plain label so rows without a clash never depend on the redraw logic.
      const rng =
        redraw === 0
          ? Random.derive(options.seed, 'arithmetic-word-problem', index)
          : Random.derive(options.seed, 'arithmetic-word-problem', index, 'redraw', redraw);
      const row = generateArithmeticWordProblem(rng, steps);
      const clash = seen.has(row.question) || options.avoid?.has(row.question) === true;
      if (clash && redraw < maxRedraws) continue;
      seen.add(row.question);
      rows.push(row);
      break;
    }
  }
  return rows;
}
