import type { CodeProblem, Problem } from '../task.ts';
import { lettered, system, type TaskPrompts, user } from '../task-prompts.ts';

const frame = system('You are an expert Python programmer. Reply with the complete function in one ```python code block.');

function signature(problem: Problem): string {
  return (problem as CodeProblem).prompt ?? problem.question;
}

export const humanEvalPrompts: TaskPrompts = {
  generate: (problem) => [frame, user(`Complete this function:\n\`\`\`python\n${signature(problem)}\`\`\``)],
  cot: (problem) => [frame, user(`Complete this function. Reason about the edge cases first, then write the code.\n\`\`\`python\n${signature(problem)}\`\`\``)],
  customCode: (problem) => [
    frame,
    user(`Implement this function so that it passes hidden unit tests. Follow the docstring exactly.\n\`\`\`python\n${signature(problem)}\`\`\``),
  ],
  scSelect: (problem, candidates) => [
    frame,
    user(`Task:\n\`\`\`python\n${signature(problem)}\`\`\`\n\nCandidate implementations:\n${lettered(candidates)}\n\nWhich candidate is most likely correct? Reply with the letter in parentheses, e.g. "(A)".`),
  ],
  selfRefine: (problem, draft) => [frame, user(`Task:\n\`\`\`python\n${signature(problem)}\`\`\`\n\nA draft implementation:\n${draft}\n\nReview it for bugs and return a corrected version.`)],
  programmer: (problem) => humanEvalPrompts.customCode(problem),
  testReflect: (problem, code, failure) => [
    frame,
    user(`Task:\n\`\`\`python\n${signature(problem)}\`\`\`\n\nThis implementation:\n\`\`\`python\n${code}\n\`\`\`\nfailed a test:\n${failure}\n\nExplain the bug briefly and return a fixed implementation.`),
  ],
};
