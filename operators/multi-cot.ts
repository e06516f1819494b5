import type { Solution } from './answers.ts';
import { type Operator, samplingTemperature } from './operator.ts';
import { solutionFrom } from './solution-from.ts';

/** Samples in one MultiCoT; MaAS's MultiGenerateCoT draws three. */
export const multiCotSamples = 3;

/** Several chain-of-thought samples at once, as separate concurrent calls. */
export const multiCot: Operator = {
  name: 'MultiCoT',
  description: 'Draws several independent step-by-step solutions in parallel for diversity.',
  async run(context) {
    const branches = Array.from({ length: multiCotSamples }, (_, k) => async (runtime: typeof context.runtime) => {
      const response = await runtime.chat({
        messages: context.prompts.cot(context.problem),
        temperature: samplingTemperature,
        sampleIndex: context.sampleBase + k,
        meta: context.meta('cot'),
      });
      return solutionFrom(context, response.texts[0] ?? '');
    });
    const settled = await context.runtime.parallel(branches);
    const solutions = settled.flatMap((result): Solution[] => (result.status === 'fulfilled' ? [result.value] : []));
    // One failed sample is tolerated; all failing is the operator failing.
    if (solutions.length === 0) throw (settled[0] as PromiseRejectedResult).reason;
    return solutions;
  },
};
