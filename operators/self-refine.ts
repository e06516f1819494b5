import { majority } from './answers.ts';
import type { Operator } from './operator.ts';
import { solutionFrom } from './solution-from.ts';

/** Reviews the previous layer's consensus solution and returns a corrected one. */
export const selfRefine: Operator = {
  name: 'SelfRefine',
  description: 'Reviews the current best solution for mistakes and rewrites it corrected.',
  async run(context) {
    const draft = majority(context.task, context.inputs);
    if (!draft) return [];
    const response = await context.runtime.chat({
      messages: context.prompts.selfRefine(context.problem, draft.text),
      temperature: 0,
      sampleIndex: context.sampleBase,
      meta: context.meta('self-refine', { inputs: [draft.answer ?? ''] }),
    });
    return [solutionFrom(context, response.texts[0] ?? '')];
  },
};
