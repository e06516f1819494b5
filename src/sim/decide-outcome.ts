import type { RequestMeta } from '../llm/chat-model.ts';
import type { Random } from '../util/random.ts';
import type { TaskProfile } from './sim-profile.ts';
import { pCorrect } from './skill-curve.ts';

export interface SimQuery {
  profile: TaskProfile;
  /** Standardised difficulty of the query (shared by all its calls). */
  z: number;
  /** Plausible wrong answers for the query, most likely first; built on first need (HumanEval checks them in the sandbox). */
  wrongPool: () => Promise<string[]>;
  /** Tells whether a candidate answer matches the reference (task-aware). */
  isCorrect: (answer: string) => boolean;
}

export interface Outcome {
  answer: string;
  correct: boolean;
  /** For selection roles: the 0-based index of the chosen input. */
  choice?: number;
  /** Programmer: the program raises instead of printing. */
  raises?: boolean;
}

/** What one call answers, drawn from the operator role's skill at the query's difficulty. */
export async function decideOutcome(query: SimQuery, meta: RequestMeta, random: Random): Promise<Outcome> {
  const inputs = meta.inputs ?? [];
  switch (meta.role) {
    case 'sc-select':
    case 'aggregate':
      return inputs.length > 0 ? select(query, meta, inputs, random) : solve(query, meta, random);
    case 'self-refine':
    case 'test-reflect':
      return inputs.length > 0 ? refine(query, meta, inputs[0]!, random) : solve(query, meta, random);
    case 'programmer': {
      const outcome = await solve(query, meta, random);
      const { raise, retryDecay } = query.profile.programmer;
      return { ...outcome, raises: random.float() < raise * retryDecay ** (meta.attempt ?? 0) };
    }
    default:
      return solve(query, meta, random);
  }
}

async function solve(query: SimQuery, meta: RequestMeta, random: Random): Promise<Outcome> {
  const correct = random.float() < pCorrect(query.profile.skills[meta.role], query.z);
  // Draw before any await so the stream of draws never depends on timing.
  const draw = random.float();
  return correct ? { answer: meta.reference, correct } : { answer: await pickWrong(query, draw), correct };
}

/** Wrong answers favour the head of the pool: weight decay^i. */
async function pickWrong(query: SimQuery, draw: number): Promise<string> {
  const pool = await query.wrongPool();
  const { decay } = query.profile.wrongPool;
  const weights = pool.map((_, i) => decay ** i);
  let left = draw * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) {
    left -= weights[i]!;
    if (left < 0) return pool[i]!;
  }
  return pool[0] ?? '';
}

/**
 * A selector that reasons well (skill at this difficulty) recognises a correct candidate when
 * one is there; otherwise it goes with the plurality, as self-consistency would.
 */
function select(query: SimQuery, meta: RequestMeta, inputs: string[], random: Random): Outcome {
  const correctIndex = inputs.findIndex((input) => query.isCorrect(input));
  const sharp = random.float() < pCorrect(query.profile.skills[meta.role], query.z);
  const choice = sharp && correctIndex >= 0 ? correctIndex : pluralityIndex(inputs, random);
  return { answer: inputs[choice]!, correct: query.isCorrect(inputs[choice]!), choice };
}

function pluralityIndex(inputs: string[], random: Random): number {
  const counts = new Map<string, number>();
  for (const input of inputs) counts.set(input, (counts.get(input) ?? 0) + 1);
  const best = Math.max(...counts.values());
  const leaders = inputs.map((input, i) => [input, i] as const).filter(([input]) => counts.get(input) === best);
  return random.pick(leaders)[1];
}

/** Refinement fixes a wrong draft or breaks a right one with the profile's probabilities. */
async function refine(query: SimQuery, meta: RequestMeta, draft: string, random: Random): Promise<Outcome> {
  if (query.isCorrect(draft)) {
    const breaks = random.float() < query.profile.selfRefine.break;
    const draw = random.float();
    return breaks ? { answer: await pickWrong(query, draw), correct: false } : { answer: draft, correct: true };
  }
  const fix = query.profile.selfRefine.fix * pCorrect(query.profile.skills[meta.role], query.z);
  return random.float() < fix ? { answer: meta.reference, correct: true } : { answer: draft, correct: false };
}
