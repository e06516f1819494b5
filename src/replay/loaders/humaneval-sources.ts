import { z } from 'zod';
import { canonicalTaskId } from '../../tasks/humaneval/index.ts';
import { loadRows } from '../../tasks/load-rows.ts';
import { addOutput, emptyRecording, type Recording } from '../recording.ts';

/** MapCoder `final-results/<model>/HumanEval/*.jsonl` (Direct, CoT, Analogical, SelfPlanning, MapCoder styles). */
const mapCoderSchema = z.object({
  task_id: z.string(),
  source_codes: z.array(z.string()).min(1),
  responses: z.array(z.string()).min(1),
  completion_tokens: z.array(z.number().int().nonnegative()),
  is_solved: z.boolean(),
});

/** MapCoder's Reflexion run and the Reflexion / LDB files: a final `solution` with the source's verdict. */
const solutionSchema = z.object({
  task_id: z.string(),
  solution: z.string(),
  is_solved: z.boolean(),
});

/**
 * MapCoder: the program is the last of `source_codes` (the one graded); the output tokens are
 * the API counts summed over the style's calls (Gemini records 0: then the text is counted).
 */
export async function loadMapCoder(path: string, file: string): Promise<Recording> {
  const recording = emptyRecording(file);
  for (const { row } of await loadRows(path, mapCoderSchema)) {
    const apiTokens = row.completion_tokens.reduce((sum, n) => sum + n, 0);
    addOutput(recording, {
      key: canonicalTaskId(row.task_id),
      text: row.source_codes.at(-1)!,
      kind: 'code',
      ...(apiTokens > 0 ? { completionTokens: apiTokens } : {}),
      sourceSolved: row.is_solved,
    });
  }
  return recording;
}

/**
 * Reflexion (`simple`: one attempt; `reflexion`: after self-reflection), LDB (`seed.jsonl`: the
 * first programs; `results.jsonl`: after debugging them) and MapCoder's Reflexion file: the
 * final `solution` of each task.
 */
export async function loadSolutionFile(path: string, file: string): Promise<Recording> {
  const recording = emptyRecording(file);
  for (const { row } of await loadRows(path, solutionSchema)) {
    addOutput(recording, { key: canonicalTaskId(row.task_id), text: row.solution, kind: 'code', sourceSolved: row.is_solved });
  }
  return recording;
}
