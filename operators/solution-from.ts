import type { Solution } from './answers.ts';
import type { OperatorContext } from './operator.ts';

export function solutionFrom(context: OperatorContext, text: string): Solution {
  return { source: context.nodeId, text, answer: context.task.extractAnswer(text, context.problem) };
}
