import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { OperatorRole } from '../llm/chat-model.ts';
import { extractGsm8kAnswer, numbersEqual } from '../tasks/gsm8k/index.ts';
import { loadRows } from '../tasks/load-rows.ts';
import { gsm8kQuestionsFile, loadRecording } from './replay-store.ts';
import type { RecordedOutput, Recording } from './recording.ts';
import { type ReplayModel, type ReplayTask, type StyleSource, synthesizedRoles } from './replay-models.ts';

export interface StyleDescription {
  role: OperatorRole;
  /** Which recorded sample of the role this style is (0 = first). */
  sample: number;
  style: string;
  file: string;
  questions: number;
  duplicateRows: number;
  emptyRows: number;
  /** Share of questions answered right, graded as `graded` says. */
  accuracy: number | null;
  /**
   * `ours`: prose graded here (the task's answer extraction against the reference);
   * `source`: programs and code, by the source's own executed answer or verdict — a run through
   * the sandbox (`lamas run`) grades them ourselves.
   */
  graded: 'ours' | 'source';
}

export interface ReplayDescription {
  model: string;
  apiModel: string;
  dir: string;
  tokenizer: string;
  tokenizerNote?: string;
  price: ReplayModel['price'];
  latency: ReplayModel['latency'] & { modeled: true };
  tasks: { task: ReplayTask; roles: { role: OperatorRole; samplesPerQuestion: number }[]; synthesized: OperatorRole[]; styles: StyleDescription[] }[];
}

const goldRowSchema = z.object({ answer: z.string(), id: z.number().int().nonnegative().optional() });

/** What `lamas replay describe <model>` prints: roles covered, styles, samples per question, recorded accuracy per style. */
export async function describeReplayModel(model: ReplayModel, dir: string): Promise<ReplayDescription> {
  const tasks: ReplayDescription['tasks'] = [];
  for (const task of Object.keys(model.roles) as ReplayTask[]) {
    const roles = Object.entries(model.roles[task] ?? {}) as [OperatorRole, readonly StyleSource[]][];
    const gold = task === 'gsm8k' ? await gsm8kGold(dir) : new Map<string, string>();
    const styles: StyleDescription[] = [];
    for (const [role, sources] of roles) {
      for (const [sample, source] of sources.entries()) {
        const recording = await loadRecording(dir, source);
        styles.push({ role, sample, style: source.style, file: source.file, questions: recording.outputs.size, duplicateRows: recording.duplicateRows, emptyRows: recording.emptyRows, ...accuracyOf(recording, gold) });
      }
    }
    const recorded = roles.map(([role]) => role);
    tasks.push({
      task,
      roles: roles.map(([role, sources]) => ({ role, samplesPerQuestion: sources.length })),
      synthesized: (synthesizedRoles[task] ?? []).filter((role) => !recorded.includes(role)),
      styles,
    });
  }
  return {
    model: model.name,
    apiModel: model.apiModel,
    dir,
    tokenizer: model.tokenizer,
    ...(model.tokenizerNote ? { tokenizerNote: model.tokenizerNote } : {}),
    price: model.price,
    latency: { ...model.latency, modeled: true },
    tasks,
  };
}

function accuracyOf(recording: Recording, gold: ReadonlyMap<string, string>): { accuracy: number | null; graded: 'ours' | 'source' } {
  const outputs = [...recording.outputs.values()];
  const prose = outputs.every((output) => output.kind === 'prose');
  const right = (output: RecordedOutput): boolean | null => {
    if (output.kind === 'code') return output.sourceSolved ?? null;
    const reference = gold.get(output.key);
    if (reference === undefined) return null;
    const answer = output.kind === 'prose' ? extractGsm8kAnswer(output.text) : output.sourceAnswer ?? null;
    return answer !== null && numbersEqual(answer, reference);
  };
  const judged = outputs.map(right).filter((verdict): verdict is boolean => verdict !== null);
  return { accuracy: judged.length === 0 ? null : judged.filter(Boolean).length / judged.length, graded: prose ? 'ours' : 'source' };
}

/** The reference answer of every official GSM8K test index (Faithful-COT's copy of the test file). */
async function gsm8kGold(dir: string): Promise<Map<string, string>> {
  const gold = new Map<string, string>();
  const file = join(dir, gsm8kQuestionsFile);
  if (!existsSync(file)) return gold;
  for (const { row, index } of await loadRows(file, goldRowSchema)) {
    const answer = row.answer.split('####').pop()!.trim().replace(/,/g, '');
    gold.set(String(row.id ?? index), answer);
  }
  return gold;
}

export function renderReplayDescription(description: ReplayDescription): string {
  const lines = [
    `replay:${description.model} (${description.apiModel}) from ${description.dir}`,
    `tokenizer ${description.tokenizer}${description.tokenizerNote ? ` (${description.tokenizerNote})` : ''}`,
    `price $${description.price.input} / $${description.price.output} per 1M input / output tokens (${description.price.source})`,
    `latency modeled: ${description.latency.firstTokenMs} ms to first token + ${description.latency.tokensPerSecond} tokens/s (${description.latency.source})`,
  ];
  for (const task of description.tasks) {
    lines.push('', `${task.task}: roles ${task.roles.map((role) => `${role.role} (${role.samplesPerQuestion} sample${role.samplesPerQuestion === 1 ? '' : 's'}/question)`).join(', ')}`);
    if (task.synthesized.length > 0) lines.push(`  synthesized by rule: ${task.synthesized.join(', ')}`);
    for (const style of task.styles) {
      const accuracy = style.accuracy === null ? 'n/a' : `${(style.accuracy * 100).toFixed(1)}%`;
      const duplicates = (style.duplicateRows > 0 ? `, ${style.duplicateRows} repeated rows dropped` : '') + (style.emptyRows > 0 ? `, ${style.emptyRows} empty replies` : '');
      lines.push(`  ${style.role.padEnd(12)} #${style.sample} ${style.style.padEnd(36)} ${String(style.questions).padStart(5)} questions  ${accuracy.padStart(6)} (${style.graded === 'ours' ? 'graded here' : "source's answer/verdict"}${duplicates})`);
    }
  }
  return lines.join('\n');
}
