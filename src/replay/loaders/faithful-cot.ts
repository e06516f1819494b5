import { z } from 'zod';
import { loadRows } from '../../tasks/load-rows.ts';
import { addOutput, emptyRecording, type RecordedKind, type Recording } from '../recording.ts';

/** `output_dir/GSM8K/test/<model>_<style>/predictions.jsonl`: `id` is the 0-based line of the official GSM8K test file. */
const predictionSchema = z.object({
  id: z.number().int().nonnegative(),
  answer: z.union([z.string(), z.number()]),
  completion: z.string(),
  // A string ("") in a row whose call failed (text003_NL+SL line 1078: answer "[error]").
  completions: z.union([z.array(z.string()), z.string()]),
});

/** Styles whose text is a Python program (noNL: program only; NL+SL: prose steps as comments between statements). */
const programStyles = new Set(['noNL', 'NL+SL']);

/** The style of a Faithful-COT output folder (`gpt4_NL+SL` → `NL+SL`). */
export function faithfulCotStyle(file: string): string {
  const folder = file.split('/').at(-2) ?? '';
  return folder.slice(folder.lastIndexOf('_') + 1);
}

/**
 * One greedy completion per question. `answer` is their own executed result (programs) or
 * extracted answer: kept as `sourceAnswer` for the agreement count only.
 */
export async function loadFaithfulCot(path: string, file: string): Promise<Recording> {
  const kind: RecordedKind = programStyles.has(faithfulCotStyle(file)) ? 'program' : 'prose';
  const recording = emptyRecording(file);
  for (const { row } of await loadRows(path, predictionSchema)) {
    // A failed call records its exception as the completion: replayed as the empty reply it was.
    if (row.answer === '[error]' && !Array.isArray(row.completions)) {
      recording.emptyRows++;
      addOutput(recording, { key: String(row.id), text: '', kind, sourceAnswer: row.answer });
      continue;
    }
    // One row has an empty `completions` list; `completion` is the same text and always present.
    const text = (Array.isArray(row.completions) ? row.completions[0] : undefined) ?? row.completion;
    addOutput(recording, { key: String(row.id), text, kind, sourceAnswer: String(row.answer) });
  }
  return recording;
}
