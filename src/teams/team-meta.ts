import type { OperatorRole, RequestMeta } from '../llm/chat-model.ts';
import type { CodeProblem, Problem, Task } from '../tasks/task.ts';

/**
 * The sim's typed hints for the calls teams make themselves (planning, aggregation). They must
 * match what the executor sends for the same query — the sim builds a query's state (its wrong
 * answer pool, verified against the hidden tests for code) from whichever call comes first.
 */
export function teamMeta(task: Task, problem: Problem, role: OperatorRole, extra: Partial<RequestMeta> = {}): RequestMeta {
  // Key order as it always was (role before the code hints): the sim seeds its draws by the request's JSON.
  const { reference, ...code } = task.sim.hints(problem);
  return { task: task.name, queryId: problem.id, difficulty: problem.difficulty, reference, role, ...code, ...extra };
}

/** The problem as a planner or aggregator is shown it: the function stub for code, else the question. */
export function problemText(problem: Problem): string {
  return 'entryPoint' in problem ? (problem as CodeProblem).prompt : problem.question;
}
