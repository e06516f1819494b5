import { referenceOf } from '../../operators/index.ts';
import type { OperatorRole, RequestMeta } from '../llm/chat-model.ts';
import type { CodeProblem, Problem, TaskName } from '../tasks/task.ts';

/**
 * The sim's typed hints for the calls teams make themselves (planning, aggregation). They must
 * match what the executor sends for the same query — the sim builds a query's state (its wrong
 * answer pool, verified against the hidden tests for code) from whichever call comes first.
 */
export function teamMeta(task: TaskName, problem: Problem, role: OperatorRole, extra: Partial<RequestMeta> = {}): RequestMeta {
  const hints: RequestMeta = { task, queryId: problem.id, difficulty: problem.difficulty, reference: referenceOf(problem), role };
  if (!('entryPoint' in problem)) return { ...hints, ...extra };
  const code = problem as CodeProblem;
  return { ...hints, entryPoint: code.entryPoint, code: { prompt: code.prompt, test: code.test }, ...extra };
}

/** The problem as a planner or aggregator is shown it: the function stub for code, else the question. */
export function problemText(problem: Problem): string {
  return 'entryPoint' in problem ? (problem as CodeProblem).prompt : problem.question;
}
