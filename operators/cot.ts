import { singleCallOperator } from './single-call-operator.ts';

/** One chain-of-thought answer. */
export const cot = singleCallOperator({
  name: 'CoT',
  description: 'Reasons step by step in one call, then states the final answer.',
  prompt: 'cot',
  role: 'cot',
});
