import { type Operator, samplingTemperature } from './operator.ts';
import { solutionFrom } from './solution-from.ts';

/** One direct answer, no explicit reasoning. */
export const generate: Operator = {
  name: 'Generate',
  description: 'Answers the query directly in a single call without step-by-step reasoning.',
  async run(context) {
    const response = await context.runtime.chat({
      messages: context.prompts.generate(context.problem),
      temperature: samplingTemperature,
      sampleIndex: context.sampleBase,
      meta: context.meta('generate'),
    });
    return [solutionFrom(context, response.texts[0] ?? '')];
  },
};
