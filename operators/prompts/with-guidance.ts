import type { ChatMessage } from '../../src/llm/chat-model.ts';
import type { TaskPrompts } from '../../src/tasks/task-prompts.ts';

/**
 * The task's prompts with a plan appended to the user message of every solving call (parallel
 * teams give each team its own plan). Without guidance the very same prompts object is
 * returned, so prompts stay byte-identical and existing caches, tests and calibration hold.
 */
export function withGuidance(prompts: TaskPrompts, guidance: string | undefined): TaskPrompts {
  const plan = guidance?.trim();
  if (!plan) return prompts;
  const add = (messages: ChatMessage[]): ChatMessage[] => appendToLastUser(messages, `\n\nPlan to follow:\n${plan}`);
  return {
    generate: (problem) => add(prompts.generate(problem)),
    cot: (problem) => add(prompts.cot(problem)),
    // Selection judges which candidates agree; a plan for solving says nothing about that.
    scSelect: prompts.scSelect,
    selfRefine: (problem, draft) => add(prompts.selfRefine(problem, draft)),
    programmer: (problem, previous) => add(prompts.programmer(problem, previous)),
    customCode: (problem) => add(prompts.customCode(problem)),
    testReflect: (problem, code, failure) => add(prompts.testReflect(problem, code, failure)),
  };
}

function appendToLastUser(messages: ChatMessage[], text: string): ChatMessage[] {
  const last = messages.map((message) => message.role).lastIndexOf('user');
  if (last < 0) return [...messages, { role: 'user', content: text.trimStart() }];
  return messages.map((message, i) => (i === last ? { ...message, content: message.content + text } : message));
}
