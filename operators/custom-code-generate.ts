import { type Operator, samplingTemperature } from './operator.ts';
import { solutionFrom } from './solution-from.ts';

/** Code tasks: one implementation written against the docstring. */
export const customCodeGenerate: Operator = {
  name: 'CustomCodeGenerate',
  description: 'Writes a complete implementation of the function from its signature and docstring.',
  async run(context) {
    const response = await context.runtime.chat({
      messages: context.prompts.customCode(context.problem),
      temperature: samplingTemperature,
      sampleIndex: context.sampleBase,
      meta: context.meta('custom-code'),
    });
    return [solutionFrom(context, response.texts[0] ?? '')];
  },
};
