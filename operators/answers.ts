import type { Task } from '../src/tasks/task.ts';

/** One operator output: the text it produced and the answer read from it. */
export interface Solution {
  /** Node that produced it, e.g. `L1.0:CoT`. */
  source: string;
  text: string;
  /** Extracted final answer (number, LaTeX, or code); null when none could be read. */
  answer: string | null;
}

/**
 * Self-consistency: the solution whose answer most others share. Ties go to the earliest, so
 * the result does not depend on timing. Solutions without an answer never win over ones with.
 */
export function majority(task: Task, solutions: readonly Solution[]): Solution | null {
  const answered = solutions.filter((solution) => solution.answer !== null);
  if (answered.length === 0) return solutions[0] ?? null;
  let best = answered[0]!;
  let bestVotes = 0;
  for (const candidate of answered) {
    const votes = answered.filter((other) => task.sameAnswer(candidate.answer!, other.answer!)).length;
    if (votes > bestVotes) {
      best = candidate;
      bestVotes = votes;
    }
  }
  return best;
}
