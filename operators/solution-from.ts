import { answerOf, type Solution } from './answers.ts';
import type { OperatorContext } from './operator.ts';

export function solutionFrom(context: OperatorContext, text: string): Solution {
  return { source: context.nodeId, text, answer: answerOf(context.task, text, context.problem) };
}
