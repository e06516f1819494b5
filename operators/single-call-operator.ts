import type { ChatMessage, OperatorRole } from '../src/llm/chat-model.ts';
import type { Problem } from '../src/tasks/task.ts';
import { type Operator, samplingTemperature } from './operator.ts';
import { solutionFrom } from './solution-from.ts';
import type { OperatorName } from './operator-names.ts';
import type { TaskPrompts } from './prompts/index.ts';

/** The task prompts that take the problem alone. */
type ProblemPrompt = { [K in keyof TaskPrompts]: TaskPrompts[K] extends (problem: Problem) => ChatMessage[] ? K : never }[keyof TaskPrompts];

export interface SingleCallSpec {
  name: OperatorName;
  description: string;
  /** The task prompt it sends. */
  prompt: ProblemPrompt;
  role: OperatorRole;
}

/** An operator that is one sampled call on one of the task's prompts, its text the single solution. */
export function singleCallOperator(spec: SingleCallSpec): Operator {
  return {
    name: spec.name,
    description: spec.description,
    async run(context) {
      const response = await context.runtime.chat({
        messages: context.prompts[spec.prompt](context.problem),
        temperature: samplingTemperature,
        sampleIndex: context.sampleBase,
        meta: context.meta(spec.role),
      });
      return [solutionFrom(context, response.texts[0] ?? '')];
    },
  };
}
