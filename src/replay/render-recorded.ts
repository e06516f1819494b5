import { readFileSync } from 'node:fs';
import { sourcePath } from '../util/source-path.ts';
import type { RecordedOutput } from './recording.ts';

/**
 * The names Faithful-COT's math-word-problem prompts let a model use without importing them
 * (sympy's Symbol/Eq/simplify/solve, math, lcm, solve_it), defined before each recorded program
 * so it runs as it was written to; with an exact linear stand-in when the sandbox's python has
 * no sympy (see the file).
 */
export const faithfulCotPrelude = readFileSync(sourcePath('faithful-cot-prelude.py', import.meta.url), 'utf8').trimEnd();

/**
 * The reply a recorded output becomes. Prose is returned as written. A recorded GSM8K program
 * (Faithful-COT noNL / NL+SL) assigns `answer` and prints nothing, so it is fenced after the
 * prelude it was written against and before a final `print(answer)`: the Programmer operator then
 * runs it in the sandbox like any program it is given and reads the printed line — the source's
 * own executed `answer` is never used. HumanEval code is returned raw: a body-only completion
 * continues the prompt and a full definition replaces it, as the HumanEval grader builds any
 * completion.
 */
export function renderRecorded(output: RecordedOutput): string {
  if (output.kind !== 'program') return output.text;
  // Their solver strips trailing '#' (an unfinished comment marker) before running a program.
  const program = output.text.trimEnd().replace(/#+$/, '').trimEnd();
  return `\`\`\`python\n${faithfulCotPrelude}\n${program}\nprint(answer)\n\`\`\``;
}
