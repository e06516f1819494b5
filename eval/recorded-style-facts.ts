/**
 * What a replayed model's recordings say about it on one data split (the facts a sim profile of
 * that model is calibrated on, docs/CALIBRATION.md): per recorded style, the share of the split's
 * questions it answered right and the length of its outputs in the model's own tokenizer.
 */
import type { OperatorRole } from '../src/llm/chat-model.ts';
import type { ReplayModel, ReplayTask } from '../src/replay/replay-models.ts';
import { tokenizerFor } from '../src/replay/replay-tokenizer.ts';
import { ReplayStore } from '../src/replay/replay-store.ts';
import type { RecordedOutput } from '../src/replay/recording.ts';
import { extractGsm8kAnswer, numbersEqual } from '../src/tasks/gsm8k/index.ts';
import type { Problem } from '../src/tasks/task.ts';

export interface TokenStats {
  mean: number;
  /** exp(mean of ln tokens): the median of the fitted lognormal. */
  logMedian: number;
  /** Standard deviation of ln tokens: the sigma of the fitted lognormal. */
  logSd: number;
}

export interface StyleFacts {
  role: OperatorRole;
  /** Which recorded sample of the role (0 = first, the one `replay:` answers a single call with). */
  sample: number;
  style: string;
  file: string;
  /** Split questions the recording answers (matched by text or task id). */
  n: number;
  /** Share right: prose graded here (last number vs the split's answer), programs by their executed answer, code by the source's verdict. */
  accuracy: number;
  /** Output tokens in the model's tokenizer, over non-empty outputs. */
  tokens: TokenStats;
  /** Per split question (in split order): right, wrong, or null when not recorded. */
  outcomes: Array<boolean | null>;
}

export interface FactsOptions {
  replayDir: string;
  model: ReplayModel;
  task: ReplayTask;
  /** The split's problems, as `resolveDataset` loads them (GSM8K problems carry `answer`). */
  problems: readonly Problem[];
}

/** Every recorded style of the model on the task, measured over the split. */
export async function recordedStyleFacts({ replayDir, model, task, problems }: FactsOptions): Promise<StyleFacts[]> {
  const store = new ReplayStore(replayDir, model);
  const count = await tokenizerFor(model.tokenizer);
  const facts: StyleFacts[] = [];
  for (const role of Object.keys(model.roles[task] ?? {}) as OperatorRole[]) {
    for (const [sample, { source, recording }] of (await store.styles(task, role)).entries()) {
      const outcomes: Array<boolean | null> = [];
      const lengths: number[] = [];
      for (const problem of problems) {
        const key = await store.match(task, problem.id, problem.question);
        const output = key === null ? undefined : recording.outputs.get(key);
        if (!output) {
          outcomes.push(null);
          continue;
        }
        outcomes.push(isRight(output, problem));
        const tokens = output.text === '' ? 0 : count(output.text);
        if (tokens > 0) lengths.push(tokens);
      }
      const judged = outcomes.filter((outcome): outcome is boolean => outcome !== null);
      if (judged.length === 0) throw new Error(`${source.file}: none of the ${problems.length} split questions is recorded`);
      facts.push({ role, sample, style: source.style, file: source.file, n: judged.length, accuracy: judged.filter(Boolean).length / judged.length, tokens: tokenStats(lengths), outcomes });
    }
  }
  return facts;
}

function isRight(output: RecordedOutput, problem: Problem): boolean {
  if (output.kind === 'code') return output.sourceSolved ?? false;
  const reference = (problem as Problem & { answer?: string }).answer;
  if (reference === undefined) throw new Error(`problem ${problem.id} has no reference answer`);
  const answer = output.kind === 'prose' ? extractGsm8kAnswer(output.text) : (output.sourceAnswer ?? null);
  return answer !== null && numbersEqual(answer, reference);
}

export function tokenStats(lengths: readonly number[]): TokenStats {
  if (lengths.length === 0) return { mean: 0, logMedian: 0, logSd: 0 };
  const logs = lengths.map(Math.log);
  const logMean = logs.reduce((a, b) => a + b, 0) / logs.length;
  const variance = logs.reduce((sum, x) => sum + (x - logMean) ** 2, 0) / logs.length;
  return { mean: lengths.reduce((a, b) => a + b, 0) / lengths.length, logMedian: Math.exp(logMean), logSd: Math.sqrt(variance) };
}

/** Share of questions recorded in both styles on which one is right and the other wrong. */
export function disagreement(a: StyleFacts, b: StyleFacts): number {
  let both = 0;
  let differ = 0;
  a.outcomes.forEach((outcome, i) => {
    const other = b.outcomes[i];
    if (outcome === null || other === null || other === undefined) return;
    both++;
    if (outcome !== other) differ++;
  });
  return both === 0 ? Number.NaN : differ / both;
}
