import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const folder = 'Tebmer__Rereading-LLM-Reasoning/results';
/** gpt-4o-mini's two Re2 files: the baseline, then the question read twice (replay README). */
const files = [
  'gsm_gpt-4o-mini-2024-07-18_topp1.0_temp0.0_majority1_readtimes1_20240926_221724.jsonl',
  'gsm_gpt-4o-mini-2024-07-18_topp1.0_temp0.0_majority1_readtimes2_20240926_222057.jsonl',
];
const style = z.object({ score: z.union([z.string(), z.number()]) });
const rowSchema = z.object({ id: z.number().int().nonnegative(), vanilla: style, cot: style });

/**
 * gpt-4o-mini's GSM8K outcomes from the Re2 recordings, indexed by GSM8K test index (`id`),
 * graded by the source's own `score` (1 right, 0 wrong): direct (`vanilla`) and CoT, per file.
 */
export function loadRe2Recordings(replayDir: string): { direct: boolean[][]; cot: boolean[][] } {
  const direct: boolean[][] = [];
  const cot: boolean[][] = [];
  for (const name of files) {
    const file = join(replayDir, folder, name);
    const d: boolean[] = [];
    const c: boolean[] = [];
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.trim() === '') return;
        let json: unknown;
        try {
          json = JSON.parse(line);
        } catch (error) {
          throw new Error(`${file}:${i + 1}: not JSON (${(error as Error).message})`);
        }
        const parsed = rowSchema.safeParse(json);
        if (!parsed.success) throw new Error(`${file}:${i + 1} field "${parsed.error.issues[0]!.path.join('.')}": ${parsed.error.issues[0]!.message}`);
        d[parsed.data.id] = Number(parsed.data.vanilla.score) === 1;
        c[parsed.data.id] = Number(parsed.data.cot.score) === 1;
      });
    direct.push(d);
    cot.push(c);
  }
  return { direct, cot };
}
