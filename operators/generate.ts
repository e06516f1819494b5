import { singleCallOperator } from './single-call-operator.ts';

/** One direct answer, no explicit reasoning. */
export const generate = singleCallOperator({
  name: 'Generate',
  description: 'Answers the query directly in a single call without step-by-step reasoning.',
  prompt: 'generate',
  role: 'generate',
});
