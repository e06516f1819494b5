import { z } from 'zod';
import { loadRows } from '../../tasks/load-rows.ts';
import { addOutput, emptyRecording, type Recording } from '../recording.ts';

const styleSchema = z.object({
  // null in a few rows of the 2023 files (gpt-3.5-turbo, text-davinci-003): the API returned no text.
  generation: z.array(z.string()).nullable(),
  answer: z.union([z.string(), z.number()]).nullable().optional(),
  score: z.number().optional(),
});

/** `results/gsm_*.jsonl`: `id` is the 0-based GSM8K test index, `input` the question. */
const re2RowSchema = z.object({
  input: z.string(),
  target: z.union([z.number(), z.string()]),
  id: z.number().int().nonnegative(),
  vanilla: styleSchema,
  cot: styleSchema,
});

export type Re2Style = 'vanilla' | 'cot';

/**
 * One style (`vanilla`: no CoT instruction; `cot`: "Let's think step by step") of a Re2 results
 * file. The gpt-3.5-turbo re-read file (`..._1200.jsonl`) has 1349 rows: 30 questions were run
 * twice (rows 1055-1099, a restarted run). The first row of each question is kept and the later
 * ones counted in `duplicateRows`: at temperature 0 they are the same request, not new samples.
 * A row whose style has no generation (null: 1-7 rows per file of the 2023 runs, all scored 0 by
 * Re2) is replayed as the empty reply the API gave, counted in `emptyRows`.
 */
export async function loadRe2(path: string, file: string, style: Re2Style): Promise<Recording> {
  const recording = emptyRecording(file);
  for (const { row } of await loadRows(path, re2RowSchema)) {
    const recorded = row[style];
    const text = recorded.generation?.[0];
    if (text === undefined) recording.emptyRows++;
    addOutput(recording, {
      key: String(row.id),
      text: text ?? '',
      kind: 'prose',
      question: row.input,
      ...(recorded.answer !== undefined && recorded.answer !== null ? { sourceAnswer: String(recorded.answer) } : {}),
    });
  }
  return recording;
}
