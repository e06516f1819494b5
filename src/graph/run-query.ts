import { type Solution, majority, operators } from '../../operators/index.ts';
import type { OperatorContext } from '../../operators/operator.ts';
import { withGuidance } from '../../operators/prompts/index.ts';
import type { RequestMeta } from '../llm/chat-model.ts';
import type { LlmClient } from '../llm/llm-client.ts';
import type { ModelRoutes } from '../llm/model-routes.ts';
import { RealTimeline, type Timeline, VirtualTimeline } from '../llm/timeline.ts';
import type { TraceSink } from '../llm/trace-writer.ts';
import { resultUsage, UsageLedger } from '../llm/usage-ledger.ts';
import type { Sandbox } from '../sandbox/sandbox.ts';
import type { Grade, Problem, Task } from '../tasks/task.ts';
import { linkAbortSignal } from '../util/link-abort-signal.ts';
import { longestPath } from './critical-path.ts';
import { type PlanNode, planExecution, type Scheduler } from './execution-plan.ts';
import { OperatorRuntime } from './operator-runtime.ts';
import type { OperatorRecord } from './operator-record.ts';
import { samplesPerNode } from './sample-streams.ts';
import { type Topology, topologyToString } from './topology.ts';

/**
 * What a sandboxed run (Programmer, Test, a code self-check) is charged in virtual time: a fixed
 * figure, so virtual-time results are byte-identical across machines.
 */
export const defaultNominalToolMs = 100;

export interface QueryRunOptions {
  runId: string;
  task: Task;
  problem: Problem;
  topology: Topology;
  scheduler: Scheduler;
  /** The client of the run's first model: every node without a model of its own calls it. */
  llm: LlmClient;
  /** Several models (DESIGN §11): a node naming `@model` calls that model's client; needed when the topology names models. */
  models?: ModelRoutes;
  sandbox: Sandbox;
  trace?: TraceSink;
  /** Aborts every call of the query (and of the run, when shared). */
  signal?: AbortSignal;
  /** Sandboxed run time charged per run in virtual time (see RuntimeServices); default 100 ms. Real time measures it. */
  nominalToolMs?: number;
  /** Told when each operator starts and ends (serving streams these as server-sent events). */
  onEvent?: (event: OperatorEvent) => void;
  /** A plan the solving operators are shown as "Plan to follow:" (parallel teams); none leaves every prompt unchanged. */
  guidance?: string;
  /**
   * Added to every call's sample index (default 0): independent runs of one query on the same
   * prompts (parallel teams) draw their own samples, and the cache keeps them apart.
   */
  sampleOffset?: number;
}

export type OperatorEvent =
  | { type: 'operator-start'; node: string; layer: number; operator: string; at: number }
  | { type: 'operator-end'; node: string; layer: number; operator: string; at: number; record: OperatorRecord };

export interface QueryResult {
  id: string;
  topology: string;
  scheduler: Scheduler;
  answer: string | null;
  correct: boolean;
  status: Grade['status'];
  costUsd: number;
  billedUsd: number;
  promptTokens: number;
  completionTokens: number;
  llmCalls: number;
  cacheHits: number;
  cancelledCalls: number;
  /** Operators that failed (the query went on without them). */
  failures: number;
  cpTokens: number;
  cpWallMs: number;
  wallMs: number;
  /** One record per node, in plan order: layer by layer, each layer's nodes by their index in it. */
  operators: OperatorRecord[];
}

interface NodeOutcome {
  node: PlanNode;
  solutions: Solution[];
  timeline: Timeline;
  record: OperatorRecord;
}

/**
 * Runs one query through a topology: each operator starts when its dependencies (per scheduler)
 * are done, failures are recorded and skipped, the final answer is the majority over the last
 * layer that produced solutions, and cost and critical paths come from what actually ran.
 * A signal that is already aborted starts nothing: the query rejects with its reason, no call
 * sent and nothing paid.
 */
export async function runQuery(options: QueryRunOptions): Promise<QueryResult> {
  options.signal?.throwIfAborted();
  const { task, problem, topology, scheduler } = options;
  const plan = planExecution(topology, scheduler);
  const ledger = new UsageLedger();
  const virtual = options.llm.model.virtualTime;
  const root: Timeline = virtual ? new VirtualTimeline() : new RealTimeline();
  // Every in-flight call and sandboxed run of the query listens on this one signal.
  const link = linkAbortSignal(options.signal);
  const services = { llm: options.llm, sandbox: options.sandbox, signal: link.signal, nominalToolMs: virtual ? (options.nominalToolMs ?? defaultNominalToolMs) : undefined };
  const prompts = withGuidance(task.prompts, options.guidance);
  const servicesFor = (node: PlanNode) => {
    if (node.model === undefined) return services;
    const route = options.models?.get(node.model);
    // bindTopologyModels refuses undeclared models before anything runs: reaching this is a bug.
    if (!route) throw new Error(`node ${node.id} names model "${node.model}", which this run has no backend for`);
    return { ...services, llm: route.client, proxyWeight: route.proxyWeight };
  };
  const done = new Map<string, NodeOutcome>();
  const running = new Map<string, Promise<NodeOutcome>>();

  const runNode = async (node: PlanNode): Promise<NodeOutcome> => {
    const deps = await Promise.all(node.deps.map((dep) => running.get(dep)!));
    const timeline = root.fork();
    timeline.join(deps.map((dep) => dep.timeline));
    const runtime = new OperatorRuntime(servicesFor(node), { run: options.runId, query: problem.id, layer: node.layer, operator: node.id, ledger, timeline });
    const context: OperatorContext = {
      task,
      problem,
      inputs: latestSolutions(done, node.layer),
      runtime,
      prompts,
      nodeId: node.id,
      sampleBase: (options.sampleOffset ?? 0) + node.ordinal * samplesPerNode,
      meta: (role, extra): RequestMeta => ({ ...simHints(task, problem), role, ...extra }),
    };
    const start = timeline.now();
    options.onEvent?.({ type: 'operator-start', node: node.id, layer: node.layer, operator: node.operator, at: start });
    let solutions: Solution[] = [];
    let error: string | undefined;
    try {
      solutions = await operators[node.operator].run(context);
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    const usage = ledger.byOperator().get(node.id);
    const record: OperatorRecord = {
      kind: 'operator',
      run: options.runId,
      query: problem.id,
      node: node.id,
      layer: node.layer,
      operator: node.operator,
      ...(node.model !== undefined ? { model: node.model } : {}),
      start,
      end: timeline.now(),
      proxyTokens: runtime.proxyTokens,
      toolMs: runtime.toolMs,
      llmCalls: usage?.llmCalls ?? 0,
      promptTokens: usage?.promptTokens ?? 0,
      completionTokens: usage?.completionTokens ?? 0,
      costUsd: usage?.costUsd ?? 0,
      solutions: solutions.length,
      failed: error !== undefined,
      ...(error !== undefined ? { error } : {}),
    };
    options.trace?.write(record);
    options.onEvent?.({ type: 'operator-end', node: node.id, layer: node.layer, operator: node.operator, at: record.end, record });
    const outcome = { node, solutions, timeline, record };
    done.set(node.id, outcome);
    return outcome;
  };

  try {
    for (const node of plan.nodes) running.set(node.id, runNode(node));
    const outcomes = await Promise.all(running.values());
    const final = majority(task, latestSolutions(done, topology.layers.length));
    const grade: Grade = final
      ? await task.grade(problem, final.text, { sandbox: options.sandbox, signal: link.signal })
      : { correct: false, status: 'no_answer', extracted: null };
    const records = outcomes.map((outcome) => outcome.record);
    const byNode = new Map(records.map((record) => [record.node, record]));
    return {
      id: problem.id,
      topology: topologyToString(topology),
      scheduler,
      answer: grade.extracted ?? final?.answer ?? null,
      correct: grade.correct,
      status: grade.status,
      ...resultUsage(ledger.totals()),
      failures: records.filter((record) => record.failed).length,
      cpTokens: longestPath(plan.graph, (node) => byNode.get(node)!.proxyTokens),
      cpWallMs: longestPath(plan.graph, (node) => byNode.get(node)!.end - byNode.get(node)!.start),
      wallMs: Math.max(0, ...records.map((record) => record.end)),
      operators: records,
    };
  } finally {
    link.unlink();
  }
}

/** What the simulated backend needs to know about the query (real backends ignore it). */
function simHints(task: Task, problem: Problem): Omit<RequestMeta, 'role'> {
  return { task: task.name, queryId: problem.id, difficulty: problem.difficulty, ...task.sim.hints(problem) };
}

/** Solutions of the latest layer before `layer` that produced any. */
function latestSolutions(done: ReadonlyMap<string, NodeOutcome>, layer: number): Solution[] {
  for (let l = layer - 1; l >= 0; l--) {
    const solutions = [...done.values()]
      .filter((outcome) => outcome.node.layer === l)
      .sort((a, b) => a.node.index - b.node.index)
      .flatMap((outcome) => outcome.solutions);
    if (solutions.length > 0) return solutions;
  }
  return [];
}
