import type { Problem } from './task.ts';
import { lettered, system, type TaskPrompts, user } from './task-prompts.ts';

export interface AnswerStyle {
  /** Who the model is for this task. */
  persona: string;
  /** How the final answer must be written, e.g. "The answer is N." or "\\boxed{...}". */
  finalAnswer: string;
}

/** Prompts for tasks answered in prose with a final answer (GSM8K, MATH). */
export function reasoningPrompts(style: AnswerStyle): TaskPrompts {
  const frame = system(`${style.persona} ${style.finalAnswer}`);
  const unsupported = (what: string) => () => {
    throw new Error(`${what} is a code-task operator`);
  };
  return {
    generate: (problem: Problem) => [frame, user(`${problem.question}\n\nAnswer concisely.`)],
    cot: (problem) => [frame, user(`${problem.question}\n\nThink step by step, then give the final answer.`)],
    scSelect: (problem, candidates) => [
      frame,
      user(
        `Problem:\n${problem.question}\n\nCandidate solutions:\n${lettered(candidates)}\n\n` +
          'Which final answer do the candidates agree on most consistently? Reply with the letter in parentheses, e.g. "(A)".',
      ),
    ],
    selfRefine: (problem, draft) => [
      frame,
      user(`Problem:\n${problem.question}\n\nA draft solution:\n${draft}\n\nCheck every step of the draft, fix any mistake, and give the final answer.`),
    ],
    programmer: (problem, previous) => [
      system('You write short Python 3 programs that compute an answer and print only that answer.'),
      user(
        `Write a Python program that solves this problem and prints the final answer on the last line.\n\n${problem.question}` +
          (previous ? `\n\nYour previous program:\n\`\`\`python\n${previous.code}\n\`\`\`\nfailed with:\n${previous.error}\nFix it.` : ''),
      ),
    ],
    customCode: unsupported('CustomCodeGenerate'),
    testReflect: unsupported('Test'),
  };
}
