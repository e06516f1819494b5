import type { RecordedOutput } from './recording.ts';

/**
 * The reply a recorded output becomes. Prose is returned as written. A recorded GSM8K program
 * (Faithful-COT noNL / NL+SL) assigns `answer` and prints nothing, so it is fenced with a final
 * `print(answer)`: the Programmer operator then runs it in the sandbox like any program it is
 * given and reads the printed line — the source's own executed `answer` is never used.
 * HumanEval code is returned raw: a body-only completion continues the prompt and a full
 * definition replaces it, as the HumanEval grader builds any completion.
 */
export function renderRecorded(output: RecordedOutput): string {
  if (output.kind !== 'program') return output.text;
  return `\`\`\`python\n${output.text.trimEnd()}\nprint(answer)\n\`\`\``;
}
