import { majority } from './answers.ts';
import type { Operator } from './operator.ts';
import { letters } from './prompts/index.ts';

/**
 * Self-consistency over the previous layer's solutions: an LLM picks the most consistent one
 * by letter (MaAS's ScEnsemble). A reply without a valid letter falls back to the majority
 * over extracted answers instead of failing.
 */
export const scEnsemble: Operator = {
  name: 'ScEnsemble',
  description: 'Compares the previous solutions and keeps the answer they agree on most.',
  async run(context) {
    const candidates = context.inputs;
    if (candidates.length <= 1) return [...candidates];
    const response = await context.runtime.chat({
      messages: context.prompts.scSelect(
        context.problem,
        candidates.map((candidate) => candidate.text),
      ),
      temperature: 0,
      sampleIndex: context.sampleBase,
      meta: context.meta('sc-select', { inputs: candidates.map((candidate) => candidate.answer ?? '') }),
    });
    const choice = parseChoice(response.texts[0] ?? '', candidates.length);
    const chosen = choice === null ? majority(context.task, candidates) : candidates[choice]!;
    return chosen ? [{ ...chosen, source: context.nodeId }] : [];
  },
};

/** The last "(X)" in the reply, if X names one of the candidates. */
export function parseChoice(reply: string, count: number): number | null {
  const valid = letters(count);
  const matches = [...reply.matchAll(/\(([A-Z])\)/g)].map((match) => match[1]!);
  for (let i = matches.length - 1; i >= 0; i--) {
    const index = valid.indexOf(matches[i]!);
    if (index >= 0) return index;
  }
  return null;
}
