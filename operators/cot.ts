import { type Operator, samplingTemperature } from './operator.ts';
import { solutionFrom } from './solution-from.ts';

/** One chain-of-thought answer. */
export const cot: Operator = {
  name: 'CoT',
  description: 'Reasons step by step in one call, then states the final answer.',
  async run(context) {
    const response = await context.runtime.chat({
      messages: context.prompts.cot(context.problem),
      temperature: samplingTemperature,
      sampleIndex: context.sampleBase,
      meta: context.meta('cot'),
    });
    return [solutionFrom(context, response.texts[0] ?? '')];
  },
};
