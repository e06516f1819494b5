import { singleCallOperator } from './single-call-operator.ts';

/** Code tasks: one implementation written against the docstring. */
export const customCodeGenerate = singleCallOperator({
  name: 'CustomCodeGenerate',
  description: 'Writes a complete implementation of the function from its signature and docstring.',
  prompt: 'customCode',
  role: 'custom-code',
});
