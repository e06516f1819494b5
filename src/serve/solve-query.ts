import { createHash, randomUUID } from 'node:crypto';
import type { OperatorRecord } from '../graph/operator-record.ts';
import { type OperatorEvent, type QueryResult, runQuery } from '../graph/run-query.ts';
import { getTask } from '../tasks/registry.ts';
import type { Problem, Task, TaskName } from '../tasks/task.ts';
import { ApiError } from './api-error.ts';
import type { ServeContext } from './serve-context.ts';
import type { TopologyDescription } from '../controller/describe-choice.ts';

/** One operator's run and usage as the API reports it (the trace row without run bookkeeping). */
export type OperatorUsage = Omit<OperatorRecord, 'kind' | 'run' | 'query'>;

/** A query's usage and critical paths, as the executor accounts them. */
type QueryUsage = Pick<QueryResult, 'costUsd' | 'billedUsd' | 'promptTokens' | 'completionTokens' | 'llmCalls' | 'cacheHits' | 'cancelledCalls' | 'failures' | 'cpTokens' | 'cpWallMs' | 'wallMs'>;

export interface SolveResult extends QueryUsage {
  /** Request id, also the trace's `run`. */
  id: string;
  task: TaskName;
  topology: TopologyDescription;
  /** The final answer as extracted (a number for gsm8k, LaTeX for math); null when none could be read. */
  answer: string | null;
  operators: OperatorUsage[];
  backend: string;
  /** True when a simulated backend produced the answer: then it is a placeholder, never a claim. */
  simulated: boolean;
}

export type SolveEvent = { type: 'topology'; topology: TopologyDescription } | OperatorEvent;

export interface SolveOptions {
  query: string;
  greedy: boolean;
  /** Aborts every in-flight LLM call of the query (client disconnect, forced shutdown). */
  signal: AbortSignal;
  onEvent?: (event: SolveEvent) => void;
}

/**
 * Chooses the query's topology and runs it through the orchestrated system. The grader's verdict
 * is dropped: without a reference it means nothing. A task whose `serving` is refused (HumanEval:
 * its answer cannot be checked or even extracted without the entry point and hidden tests) gets a 400.
 */
export async function solveQuery(context: ServeContext, options: SolveOptions): Promise<SolveResult> {
  const { controller, backend, metrics } = context;
  const task = getTask(controller.task);
  const serving = assertSolvable(controller.task);
  const id = `serve-${randomUUID()}`;
  const choice = await controller.choose(options.query, options.greedy, options.signal).catch((error: unknown) => {
    throw context.shutdown.aborted ? shuttingDown(null) : error;
  });
  const topology = controller.describe(choice, options.greedy);
  options.onEvent?.({ type: 'topology', topology });

  metrics.queriesInFlight.value++;
  let result: QueryResult;
  try {
    result = await runQuery({
      runId: id,
      task,
      problem: servedProblem(serving, options.query),
      topology: choice.topology,
      scheduler: 'layer',
      llm: backend.client,
      // Several models: each node calls its own (DESIGN §11).
      ...(backend.routes ? { models: backend.routes } : {}),
      sandbox: backend.sandbox,
      signal: options.signal,
      onEvent: options.onEvent,
    });
  } catch (error) {
    metrics.queries.inc({ outcome: options.signal.aborted ? 'cancelled' : 'failed' });
    throw context.shutdown.aborted ? shuttingDown(null) : error;
  } finally {
    metrics.queriesInFlight.value--;
  }
  const operators = result.operators.map(({ kind: _kind, run: _run, query: _query, ...usage }) => usage);
  const outcome = options.signal.aborted ? 'cancelled' : backendFailed(result) ? 'failed' : 'ok';
  metrics.queries.inc({ outcome });
  const solved: SolveResult = {
    id,
    task: controller.task,
    topology,
    answer: result.answer,
    costUsd: result.costUsd,
    billedUsd: result.billedUsd,
    promptTokens: result.promptTokens,
    completionTokens: result.completionTokens,
    llmCalls: result.llmCalls,
    cacheHits: result.cacheHits,
    cancelledCalls: result.cancelledCalls,
    failures: result.failures,
    cpTokens: result.cpTokens,
    cpWallMs: result.cpWallMs,
    wallMs: result.wallMs,
    operators,
    backend: backend.label,
    simulated: backend.simulated,
  };
  // Before the backend check: calls cut by the shutdown count as failures with no usage too.
  if (context.shutdown.aborted && (result.cancelledCalls > 0 || result.failures > 0)) throw shuttingDown(solved);
  if (outcome === 'failed') {
    const first = operators.find((operator) => operator.error !== undefined);
    throw new ApiError(502, `the LLM backend gave this query nothing; first error: ${first?.error ?? 'unknown'}`, 'backend_error', null, 'backend_failed');
  }
  return solved;
}

/**
 * A query the server's shutdown cut short (a second signal, or --drain-timeout passed): a 503,
 * never an answer. Even when an earlier layer had produced one, it is not the answer of the
 * topology the controller chose, so it only travels as `partial` (with the usage spent), beside
 * the error. The OpenAI SDK retries a 503 on a new connection.
 */
function shuttingDown(partial: SolveResult | null): ApiError {
  const done = partial ? ` after ${partial.llmCalls} LLM calls (${partial.cancelledCalls} cancelled)` : '';
  return new ApiError(503, `the server is shutting down and cancelled this query${done} before it was answered; retry`, 'server_error', null, 'shutting_down', { connection: 'close' }, partial ? { partial } : {});
}

/** Routes call this before committing to a response (a stream cannot turn into a 400 later). */
export function assertSolvable(name: TaskName): Solvable {
  const task = getTask(name);
  if ('refused' in task.serving) {
    throw new ApiError(400, `this server serves a ${task.name} controller: ${task.serving.refused}`, 'invalid_request_error', null, 'unsupported_task');
  }
  return task.serving;
}

type Solvable = Exclude<Task['serving'], { refused: string }>;

/**
 * The query as a problem without a reference. The id is a digest of the text, so the same query
 * gets the same simulated behaviour and cache entries whichever request asks it. The graders read
 * the reference as a string, so the task's `serving.problem` adds an empty one.
 */
function servedProblem(serving: Solvable, question: string): Problem {
  const id = `q-${createHash('sha256').update(question).digest('hex').slice(0, 16)}`;
  return serving.problem({ id, index: 0, question, difficulty: serving.difficulty });
}

/**
 * The backend gave the query nothing: operators failed and no call returned any usage (an
 * unreachable server or unknown model records its calls with zero tokens; a spent --max-cost
 * budget starts none). An operator that failed on its own (Programmer's code never ran) is an
 * ordinary outcome with usage, not a server error.
 */
function backendFailed(result: QueryResult): boolean {
  return result.failures > 0 && result.promptTokens === 0 && result.completionTokens === 0;
}
