import type { QueryResult, QueryRunOptions } from '../graph/run-query.ts';
import { runQuery } from '../graph/run-query.ts';
import type { LlmClient } from '../llm/llm-client.ts';
import type { Timeline } from '../llm/timeline.ts';
import type { Task } from '../tasks/task.ts';
import { RowCollector } from './row-collector.ts';
import { selfCheck } from './self-check.ts';
import { TeamLlmClient } from './team-llm-client.ts';

export type AttemptEnd = 'succeeded' | 'failed' | 'cancelled';

/** What a team knows when one attempt ends (never the hidden grade). */
export interface AttemptOutcome {
  status: AttemptEnd;
  /** On the query's timeline (ms): when the outcome was known, self-check included. */
  end: number;
  /** The team's final solution text (its transcript for the aggregator); null when it produced none. */
  text: string | null;
  answer: string | null;
  failure?: string;
  /** Sandbox time of the self-check, on the team's critical path. */
  toolMs: number;
}

export interface AttemptInput {
  /** The query's executor options; guidance, sample stream, client, trace, signal and events are the attempt's own. */
  query: Omit<QueryRunOptions, 'guidance' | 'sampleOffset' | 'onEvent' | 'trace' | 'signal' | 'llm'>;
  /** The run's client: the attempt calls the same backend through its own TeamLlmClient. */
  llm: LlmClient;
  plan: string;
  /** This attempt's own sample stream (see runQuery's sampleOffset). */
  sampleOffset: number;
  /** When the attempt starts on the query's timeline (ms). */
  start: number;
  /** The query's clock: real time reads it; virtual time adds up simulated durations instead. */
  clock: Timeline;
  virtual: boolean;
  /** Stops this attempt (early stop, enough answers, or the whole query). */
  signal: AbortSignal;
  /** Sandboxed time charged per run in virtual time. */
  nominalToolMs: number;
}

export interface RunningAttempt {
  /** Known as soon as the team has its answer and has checked it; losers are stopped from here. */
  outcome: Promise<AttemptOutcome>;
  /** The executor's full result (hidden grade included); settles after the outcome, once nothing of the attempt runs any more. */
  result: Promise<QueryResult>;
  /** Its call and operator rows, on the attempt's own timeline (0 = its start). */
  rows: RowCollector;
}

/**
 * Runs one team attempt: the topology through the executor with the team's plan as guidance.
 * Success needs an answer, no failed operator and a passing self-check (public tests for code);
 * it is decided the moment the executor hands over its final solution — before the hidden
 * grading, which is evaluation and not on the team's path.
 */
export function startTeamAttempt(input: AttemptInput): RunningAttempt {
  const rows = new RowCollector();
  const llm = new TeamLlmClient(input.llm, input.signal, rows);
  // Several models (DESIGN §11): each node's model is called through the attempt's own client too (its rows, its stop).
  const models = input.query.models && new Map([...input.query.models].map(([name, route]) => [name, { ...route, client: new TeamLlmClient(route.client, input.signal, rows) }]));
  const { task, problem } = input.query;
  const failedOperators: string[] = [];
  let latestEnd = 0;
  let decided = false;
  let settle!: (outcome: AttemptOutcome) => void;
  const outcome = new Promise<AttemptOutcome>((resolve) => (settle = resolve));
  const decide = (value: AttemptOutcome): void => {
    if (decided) return;
    decided = true;
    settle(value);
  };
  // Virtual time: the attempt's own simulated time (its operators' latest end) plus the check.
  const now = (toolMs: number): number => (input.virtual ? input.start + latestEnd + toolMs : input.clock.now());
  const cancelled = (text: string | null, toolMs = 0): AttemptOutcome => ({ status: 'cancelled', end: now(toolMs), text, answer: null, failure: 'stopped', toolMs });

  const conclude = async (text: string | null): Promise<void> => {
    if (decided) return;
    if (input.signal.aborted) return decide(cancelled(text));
    // A failed operator already fails the attempt; no need to spend a sandbox run on it.
    if (failedOperators.length > 0) {
      return decide({ status: 'failed', end: now(0), text, answer: text === null ? null : task.extractAnswer(text, problem), failure: failedOperators.join('; '), toolMs: 0 });
    }
    if (text === null) return decide({ status: 'failed', end: now(0), text, answer: null, failure: 'the topology produced no solution', toolMs: 0 });
    const check = await selfCheck({ task, problem, text, sandbox: input.query.sandbox, signal: input.signal, nominalToolMs: input.virtual ? input.nominalToolMs : undefined });
    if (input.signal.aborted) return decide(cancelled(text, check.toolMs));
    const failure = check.failure;
    decide({ status: failure === undefined ? 'succeeded' : 'failed', end: now(check.toolMs), text, answer: check.answer, toolMs: check.toolMs, ...(failure !== undefined ? { failure } : {}) });
  };

  // The executor grades its final solution exactly when it has one: that is when the team is done.
  const observed: Task = {
    ...task,
    grade: async (graded, output, options) => {
      await conclude(output);
      return task.grade(graded, output, options);
    },
  };
  const result = runQuery({
    ...input.query,
    task: observed,
    llm,
    ...(models ? { models } : {}),
    trace: rows,
    signal: input.signal,
    guidance: input.plan,
    sampleOffset: input.sampleOffset,
    onEvent: (event) => {
      if (event.type !== 'operator-end') return;
      latestEnd = Math.max(latestEnd, event.record.end);
      if (event.record.failed) failedOperators.push(`${event.record.operator} failed: ${oneLine(event.record.error ?? 'unknown error')}`);
    },
  });
  result.then(
    () => conclude(null),
    (error: unknown) =>
      decide(input.signal.aborted ? cancelled(null) : { status: 'failed', end: now(0), text: null, answer: null, failure: oneLine(error instanceof Error ? error.message : String(error)), toolMs: 0 }),
  );
  return { outcome, result, rows };
}

function oneLine(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max)} …`;
}
