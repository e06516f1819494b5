import { majority, type Solution } from '../../operators/index.ts';
import { parseChoice } from '../../operators/sc-ensemble.ts';
import type { CallScope, LlmClient } from '../llm/llm-client.ts';
import type { Problem, Task } from '../tasks/task.ts';
import { aggregatePrompt } from './aggregate-prompt.ts';
import { teamMeta } from './team-meta.ts';
import type { Aggregator, TeamMode } from './teams-config.ts';

export interface Candidate {
  team: number;
  /** The team's final solution text. */
  text: string;
  answer: string | null;
  /** The hidden grade; only the best-of-k oracle ever asks. */
  correct: () => Promise<boolean>;
}

export interface ChooseInput {
  task: Task;
  problem: Problem;
  mode: TeamMode;
  aggregator: Aggregator;
  /** In finishing order: successful answers, or (when no team succeeded) the failed teams' answers. */
  candidates: readonly Candidate[];
  /** True when the candidates are failed attempts: then only a majority over them is reasonable. */
  fallback: boolean;
  /** The aggregator's client and scope (`llm`). */
  llm: { client: LlmClient; scope: CallScope };
}

export interface Choice {
  /** Index into the candidates; null when there is none. */
  index: number | null;
  /** The LLM aggregator replied without a valid letter and the majority decided instead. */
  fellBack: boolean;
}

/**
 * The final answer among the candidates: the first one (early stop), the majority over their
 * extracted answers, the LLM aggregator's letter (validated; majority otherwise), or best-of-k —
 * the oracle that takes a correct one whenever there is one, an upper bound and not a strategy.
 */
export async function chooseAnswer(input: ChooseInput): Promise<Choice> {
  const { candidates } = input;
  if (candidates.length === 0) return { index: null, fellBack: false };
  const solutions: Solution[] = candidates.map((candidate) => ({ source: `team${candidate.team}`, text: candidate.text, answer: candidate.answer }));
  const byMajority = (): number => Math.max(0, solutions.indexOf(majority(input.task, solutions)!));
  if (input.fallback) return { index: byMajority(), fellBack: false };
  if (input.mode === 'early-stop' || candidates.length === 1) return { index: 0, fellBack: false };
  switch (input.aggregator) {
    case 'majority':
      return { index: byMajority(), fellBack: false };
    case 'best-of-k': {
      const grades = await Promise.all(candidates.map((candidate) => candidate.correct()));
      const correct = grades.indexOf(true);
      return { index: correct >= 0 ? correct : byMajority(), fellBack: false };
    }
    case 'llm': {
      const reply = await askAggregator(input).catch(() => '');
      const choice = parseChoice(reply, candidates.length);
      return choice === null ? { index: byMajority(), fellBack: true } : { index: choice, fellBack: false };
    }
  }
}

async function askAggregator(input: ChooseInput): Promise<string> {
  const response = await input.llm.client.chat(input.llm.scope, {
    messages: aggregatePrompt(input.problem, input.candidates.map((candidate) => ({ transcript: candidate.text, answer: candidate.answer }))),
    temperature: 0,
    sampleIndex: 0,
    meta: teamMeta(input.task, input.problem, 'aggregate', { inputs: input.candidates.map((candidate) => candidate.answer ?? '') }),
  });
  return response.texts[0] ?? '';
}
