import type { RequestMeta } from '../llm/chat-model.ts';
import { numbersEqual } from '../tasks/gsm8k/index.ts';
import type { TaskName } from '../tasks/task.ts';

/**
 * Deterministic answers for roles no source recorded (counted as synthesized):
 * - `sc-select`: the plurality of the candidates' answers; ties go to the earliest candidate,
 *   candidates without an answer never win over ones with one. Replied as "(X)", the letter the
 *   ScEnsemble operator reads.
 * - `self-refine` (GSM8K): the refinement keeps the draft's answer (no model has a recorded
 *   GSM8K refinement, so none is invented); replied as "The answer is N."
 * Returns undefined for a role without a rule.
 */
export function synthesize(task: TaskName, meta: RequestMeta): string | undefined {
  const inputs = meta.inputs ?? [];
  if (meta.role === 'sc-select') return `The most consistent solution is (${String.fromCharCode(65 + plurality(task, inputs))}).`;
  if (meta.role === 'self-refine' && task !== 'humaneval') {
    const draft = inputs[0] ?? '';
    return draft === '' ? 'The draft gives no final answer.' : `The draft's steps hold.\nThe answer is ${draft}.`;
  }
  return undefined;
}

/** Index of the first candidate whose answer most candidates share. */
export function plurality(task: TaskName, answers: readonly string[]): number {
  let best = 0;
  let bestVotes = 0;
  answers.forEach((answer, index) => {
    if (answer === '') return;
    const votes = answers.filter((other) => other !== '' && sameAnswer(task, answer, other)).length;
    if (votes > bestVotes) {
      best = index;
      bestVotes = votes;
    }
  });
  return best;
}

/** GSM8K answers compare as numbers; code compares with blank lines and trailing spaces ignored. */
function sameAnswer(task: TaskName, a: string, b: string): boolean {
  if (task === 'gsm8k') return numbersEqual(a, b);
  const code = (text: string) => text.split('\n').map((line) => line.trimEnd()).filter((line) => line.trim() !== '').join('\n');
  return code(a) === code(b);
}
