import { z } from 'zod';
import { InputError } from '../../util/errors.ts';
import { loadRows } from '../load-rows.ts';
import type { MathProblem } from '../task.ts';
import { extractBoxed } from './extract-boxed.ts';

/** MATH levels are 1-5, written `3` (PRM800K rows) or `"Level 3"` (Hendrycks and MaAS rows); `Level ?` is unknown. */
const levelSchema = z.union([
  z.number().int().min(1).max(5),
  z.string().regex(/^\s*(?:level\s*)?(?:[1-5]|\?)\s*$/i, 'expected 1-5 or "Level N"'),
  z.null(),
]);

/**
 * One schema for both formats: PRM800K/official rows carry `answer`, `subject` and `unique_id`;
 * Hendrycks and MaAS/AFlow split rows carry `type` and only a solution, whose last box is the answer.
 */
const mathRowSchema = z.object({
  problem: z.string().min(1),
  solution: z.string().optional(),
  answer: z.string().optional(),
  subject: z.string().optional(),
  type: z.string().optional(),
  level: levelSchema.optional(),
  unique_id: z.string().min(1).optional(),
});
type MathRow = z.infer<typeof mathRowSchema>;

/** Difficulty of a row without a level: the middle of the scale. */
const defaultDifficulty = 3;

/** Reads a MATH file in either format; a bad row fails with file, line and field. */
export async function loadMathProblems(file: string): Promise<MathProblem[]> {
  const rows = await loadRows(file, mathRowSchema);
  const seen = new Map<string, number>();
  return rows.map(({ row, index, line, fallbackId }) => {
    const id = row.unique_id ?? fallbackId;
    const earlier = seen.get(id);
    if (earlier !== undefined) throw new InputError({ file, line, field: 'unique_id' }, `duplicate id "${id}" (first on line ${earlier})`);
    seen.set(id, line);
    const level = parseLevel(row.level);
    return {
      id,
      index,
      question: row.problem,
      answer: referenceAnswer(row, file, line),
      subject: row.subject ?? row.type ?? '',
      level,
      difficulty: level ?? defaultDifficulty,
    };
  });
}

function referenceAnswer(row: MathRow, file: string, line: number): string {
  if (row.answer !== undefined) return row.answer;
  if (row.solution === undefined) throw new InputError({ file, line, field: 'solution' }, 'required when the row has no "answer" (the answer is its last \\boxed{})');
  const boxed = extractBoxed(row.solution);
  if (boxed === null) throw new InputError({ file, line, field: 'solution' }, 'has no complete \\boxed{} answer (and the row has no "answer" field)');
  return boxed.trim();
}

function parseLevel(level: MathRow['level']): number | null {
  if (typeof level === 'number') return level;
  if (typeof level !== 'string') return null;
  const digit = /[1-5]/.exec(level);
  return digit ? Number(digit[0]) : null;
}
