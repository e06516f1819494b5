import { describe, expect, it } from 'vitest';
import { embeddedDataPath, embeddedHumanEvalPublicTestsPath } from '../../data/index.ts';
import { parseTopology } from '../graph/parse-topology.ts';
import type { LlmCallRecord } from '../llm/call-record.ts';
import type { ChatModel, ChatRequest } from '../llm/chat-model.ts';
import { LlmClient } from '../llm/llm-client.ts';
import { MemoryTrace } from '../llm/trace-writer.ts';
import { createPythonSandbox } from '../sandbox/python-sandbox.ts';
import { createSimChatModel } from '../sim/sim-chat-model.ts';
import { loadSimProfile } from '../sim/sim-profile.ts';
import { gsm8kTask } from '../tasks/gsm8k/index.ts';
import { humanEvalTask } from '../tasks/humaneval/index.ts';
import type { Problem, Task } from '../tasks/task.ts';
import { runTeamsQuery, type TeamsQueryOptions, type TeamsQueryResult } from './run-teams-query.ts';
import { resolveTeamsConfig, type TeamsFlags } from './teams-config.ts';

const profile = loadSimProfile('gpt-4o-mini');
const sandbox = createPythonSandbox();
const problems = (await gsm8kTask.load(embeddedDataPath('gsm8k', 'test'))).slice(0, 6);
const task = gsm8kTask as Task;
const planMarker = 'Plan to follow:\n';

/** The plan a solving call was given (its team's identity), or the role of a team-level call. */
function callOwner(request: ChatRequest): string {
  const last = [...request.messages].reverse().find((message) => message.role === 'user')?.content ?? '';
  const at = last.indexOf(planMarker);
  return at >= 0 ? last.slice(at + planMarker.length) : `(${request.meta?.role ?? 'plain'})`;
}

/** Wraps a model and counts the calls in flight per owner (a team's plan, the planner, the aggregator). */
function countingModel(inner: ChatModel) {
  const inFlight = new Map<string, number>();
  let peak = 0;
  const total = () => [...inFlight.values()].reduce((a, b) => a + b, 0);
  const model: ChatModel = {
    ...inner,
    chat: async (request) => {
      const owner = callOwner(request);
      inFlight.set(owner, (inFlight.get(owner) ?? 0) + 1);
      peak = Math.max(peak, total());
      try {
        return await inner.chat(request);
      } finally {
        inFlight.set(owner, inFlight.get(owner)! - 1);
      }
    },
  };
  return { model, inFlight, total, peak: () => peak };
}

function options(llm: LlmClient, problem: Problem, flags: TeamsFlags, extra: Partial<TeamsQueryOptions> = {}): TeamsQueryOptions {
  return { runId: 't', task, problem, topology: parseTopology('CoT'), scheduler: 'layer', llm, sandbox, nominalToolMs: 100, config: resolveTeamsConfig(flags), ...extra };
}

const llmRows = (trace: MemoryTrace, query: string) => trace.rows.filter((row) => (row as { kind: string }).kind === 'llm' && (row as { query: string }).query === query) as LlmCallRecord[];

describe('parallel teams, early stop in real time', () => {
  it('leaves no call of a losing team running after the query returns, and counts their tokens', async () => {
    const counter = countingModel(createSimChatModel({ profile, seed: 5, time: 'real', scale: 0.05 }));
    const trace = new MemoryTrace();
    const llm = new LlmClient({ model: counter.model, trace });
    for (const problem of problems.slice(0, 3)) {
      const result = await runTeamsQuery(options(llm, problem, { teams: 4, mode: 'early-stop' }, { topology: parseTopology('CoT > SelfRefine'), trace }));
      // Right after the query returns: nothing of it is in flight, for any team.
      expect(counter.total()).toBe(0);
      for (const attempt of result.teams.attempts) expect(counter.inFlight.get(attempt.plan) ?? 0).toBe(0);

      const winner = result.teams.attempts.find((attempt) => attempt.status === 'succeeded')!;
      expect(winner.team).toBe(result.teams.winner);
      const losers = result.teams.attempts.filter((attempt) => attempt.team !== winner.team);
      expect(losers.every((attempt) => attempt.status === 'cancelled' || attempt.status === 'not-started')).toBe(true);
      expect(result.cancelledCalls).toBeGreaterThan(0);
      expect(result.teams.cancelledPromptTokens).toBeGreaterThan(0);

      // Cost is the sum of every call record of the query, the cancelled ones with their tokens so far.
      const rows = llmRows(trace, problem.id);
      expect(rows.filter((row) => row.cancelled)).toHaveLength(result.cancelledCalls);
      expect(result.llmCalls).toBe(rows.length);
      expect(result.costUsd).toBeCloseTo(rows.reduce((sum, row) => sum + row.costUsd, 0), 12);
      expect(result.promptTokens).toBe(rows.reduce((sum, row) => sum + row.promptTokens, 0));
      const losersCost = losers.reduce((sum, attempt) => sum + attempt.costUsd, 0);
      expect(losersCost).toBeGreaterThan(0);
      // Losers were stopped, not left to finish: every cancelled call has its record, and none is in
      // flight once the query returns (checked above). How soon after the cutoff they stopped is a
      // wall-clock figure a loaded machine moves (it failed at +84 ms under load 40), so not asserted.
    }
    expect(counter.peak()).toBeGreaterThan(1);
  });
});

describe('parallel teams in virtual time', () => {
  const virtualLlm = (trace?: MemoryTrace, model: ChatModel = createSimChatModel({ profile, seed: 7 })) => new LlmClient({ model, trace });

  it('applies early stop by the timelines: losers cut at the winner’s end, cost = the sum of the rows', async () => {
    for (const problem of problems) {
      const trace = new MemoryTrace();
      const result = await runTeamsQuery(options(virtualLlm(trace), problem, { teams: 3, mode: 'early-stop' }, { trace }));
      const winner = result.teams.attempts.find((attempt) => attempt.team === result.teams.winner && attempt.status === 'succeeded')!;
      expect(result.teams.cutoffMs).toBe(winner.end);
      // The winner ended first among the successful teams.
      for (const attempt of result.teams.attempts) if (attempt.status === 'succeeded') expect(attempt.end).toBeGreaterThanOrEqual(winner.end);
      const rows = llmRows(trace, problem.id);
      for (const row of rows) {
        expect(row.start).toBeLessThan(result.teams.cutoffMs);
        expect(row.end).toBeLessThanOrEqual(result.teams.cutoffMs);
      }
      expect(result.costUsd).toBeCloseTo(rows.reduce((sum, row) => sum + row.costUsd, 0), 12);
      expect(result.wallMs).toBe(result.teams.cutoffMs);
    }
  });

  it('is deterministic: same seed, same results, whatever the event-loop order', async () => {
    const runAll = async (flags: TeamsFlags) => {
      const llm = virtualLlm();
      const results: TeamsQueryResult[] = await Promise.all(problems.map((problem) => runTeamsQuery(options(llm, problem, flags))));
      return JSON.stringify(results);
    };
    for (const flags of [{ teams: 3, mode: 'early-stop' }, { teams: 3, mode: 'aggregate', aggregator: 'llm', planning: 'diverse' }] as TeamsFlags[]) {
      expect(await runAll(flags)).toBe(await runAll(flags));
    }
  });

  it('aggregates k answers: majority, llm and the best-of-k oracle that bounds them', async () => {
    const mathTask = (await import('../tasks/math/index.ts')).mathTask as Task;
    const hard = (await mathTask.load(embeddedDataPath('math', 'test'))).slice(0, 12);
    const accuracy = async (aggregator: 'majority' | 'llm' | 'best-of-k') => {
      const llm = virtualLlm();
      const results = await Promise.all(hard.map((problem) => runTeamsQuery({ ...options(llm, problem, { teams: 5, mode: 'aggregate', aggregator }), task: mathTask })));
      for (const result of results) {
        expect(result.teams.successes).toBeLessThanOrEqual(5);
        expect(result.teams.cancelledPromptTokens).toBe(0); // k = N: every team runs to its end
      }
      return { correct: results.filter((result) => result.correct).length, results };
    };
    const majority = await accuracy('majority');
    const llm = await accuracy('llm');
    const oracle = await accuracy('best-of-k');
    expect(oracle.correct).toBeGreaterThanOrEqual(Math.max(majority.correct, llm.correct));
    // The same teams ran (same seed, same prompts): the oracle is correct wherever any team was.
    oracle.results.forEach((result) => expect(result.correct).toBe(result.teams.attempts.some((attempt) => attempt.status === 'succeeded' && attempt.correct)));
    expect(llm.results.every((result) => result.teams.aggregationCostUsd > 0)).toBe(true);
    expect(majority.results.every((result) => result.teams.aggregationCostUsd === 0)).toBe(true);
  });

  it('planning none: no planner call, teams start at 0 on their own sample streams, team 1 is the plain single run', async () => {
    const mathTask = (await import('../tasks/math/index.ts')).mathTask as Task;
    const hard = (await mathTask.load(embeddedDataPath('math', 'test'))).slice(0, 8);
    const { runQuery } = await import('../graph/run-query.ts');
    for (const problem of hard) {
      const sampleIndices: number[] = [];
      const sim = createSimChatModel({ profile, seed: 7 });
      const model: ChatModel = { ...sim, chat: (request) => (sampleIndices.push(request.sampleIndex ?? 0), sim.chat(request)) };
      const trace = new MemoryTrace();
      const result = await runTeamsQuery({ ...options(new LlmClient({ model, trace }), problem, { teams: 3, mode: 'aggregate', planning: 'none', maxAttempts: 1 }, { trace }), task: mathTask });
      expect(llmRows(trace, problem.id).some((row) => row.operator.startsWith('plan:'))).toBe(false);
      expect(result.teams.planningCostUsd).toBe(0);
      expect(result.teams.attempts.map((attempt) => attempt.start)).toEqual([0, 0, 0]);
      expect(new Set(sampleIndices).size).toBe(3); // one CoT call per team, each its own sample
      const single = await runQuery({ runId: 's', task: mathTask, problem, topology: parseTopology('CoT'), scheduler: 'layer', llm: new LlmClient({ model: sim }), sandbox, nominalToolMs: 100 });
      const first = result.teams.attempts.find((attempt) => attempt.team === 0)!;
      expect(first.correct).toBe(single.correct);
      expect(first.end).toBe(single.wallMs);
    }
  });

  it('waits for k < N answers and stops the rest at the k-th success', async () => {
    const trace = new MemoryTrace();
    const result = await runTeamsQuery(options(virtualLlm(trace), problems[0]!, { teams: 4, mode: 'aggregate', k: 2 }, { trace }));
    const succeeded = result.teams.attempts.filter((attempt) => attempt.status === 'succeeded').sort((a, b) => a.end - b.end);
    expect(succeeded).toHaveLength(2);
    expect(result.teams.cutoffMs).toBe(succeeded[1]!.end);
    expect(result.teams.attempts.filter((attempt) => attempt.status === 'cancelled')).toHaveLength(2);
  });
});

describe('global failure memory', () => {
  /** A solver that crashes on its first `failures` calls, and records every planner prompt. */
  function crashingModel(failures: number) {
    const sim = createSimChatModel({ profile, seed: 7 });
    const planPrompts: string[] = [];
    let left = failures;
    const model: ChatModel = {
      ...sim,
      chat: async (request) => {
        if (request.meta?.role === 'plan') planPrompts.push(request.messages.map((message) => message.content).join('\n'));
        if (request.meta?.role === 'cot' && left > 0) {
          left -= 1;
          throw new Error('solver crashed on step 2');
        }
        return sim.chat(request);
      },
    };
    return { model, planPrompts };
  }

  it("shows a failed plan and why it failed to the next plan's prompt", async () => {
    const { model, planPrompts } = crashingModel(1);
    const result = await runTeamsQuery(options(new LlmClient({ model }), problems[0]!, { teams: 1, mode: 'early-stop', maxAttempts: 2 }));
    const [first, retry] = result.teams.attempts;
    expect(first).toMatchObject({ attempt: 0, status: 'failed' });
    expect(first!.failure).toContain('solver crashed on step 2');
    expect(retry).toMatchObject({ attempt: 1, status: 'succeeded' });
    expect(planPrompts).toHaveLength(2);
    expect(planPrompts[0]).not.toContain('failed');
    expect(planPrompts[1]).toContain(first!.plan);
    expect(planPrompts[1]).toContain('solver crashed on step 2');
    expect(retry!.plan).not.toBe(first!.plan);
    expect(result.correct).toBe(result.teams.attempts[1]!.correct);
  });

  it('without planning, a retry starts at once on a sample stream of its own', async () => {
    const { model } = crashingModel(1);
    const solverSamples: number[] = [];
    const recording: ChatModel = { ...model, chat: (request) => (request.meta?.role === 'cot' && solverSamples.push(request.sampleIndex ?? 0), model.chat(request)) };
    const result = await runTeamsQuery(options(new LlmClient({ model: recording }), problems[0]!, { teams: 1, mode: 'early-stop', planning: 'none', maxAttempts: 2 }));
    const [first, retry] = result.teams.attempts;
    expect(first).toMatchObject({ attempt: 0, status: 'failed' });
    expect(retry).toMatchObject({ attempt: 1, status: 'succeeded', plan: '' });
    expect(retry!.start).toBe(first!.end);
    expect(solverSamples).toHaveLength(2);
    expect(solverSamples[1]).not.toBe(solverSamples[0]);
  });

  it("is global: a retry sees the other teams' failures from before it (and only those, in virtual time)", async () => {
    const { model, planPrompts } = crashingModel(2);
    const result = await runTeamsQuery(options(new LlmClient({ model }), problems[1]!, { teams: 2, mode: 'aggregate', maxAttempts: 2 }));
    const failed = result.teams.attempts.filter((attempt) => attempt.status === 'failed').sort((a, b) => a.end - b.end);
    expect(failed).toHaveLength(2);
    const retryPrompts = planPrompts.slice(2);
    expect(retryPrompts).toHaveLength(2);
    const [earlier, later] = failed;
    // The team that failed last replans after both failures and sees both; the other sees the earlier one only.
    const laterRetry = retryPrompts.find((prompt) => prompt.includes(later!.plan) && prompt.includes(earlier!.plan));
    expect(laterRetry).toBeDefined();
    expect(retryPrompts.filter((prompt) => prompt.includes(later!.plan))).toHaveLength(1);
    expect(retryPrompts.every((prompt) => prompt.includes(earlier!.plan))).toBe(true);
  });

  it("uses the public tests as a code team's self-check: a failing one is retried with a new plan", async () => {
    const [problem] = await humanEvalTask.load(embeddedDataPath('humaneval', 'test'), { publicTests: embeddedHumanEvalPublicTestsPath() });
    const sim = createSimChatModel({ profile, seed: 0, sandbox });
    let broken = 1;
    // The first solution is code that raises on any input: it cannot pass the public tests.
    const model: ChatModel = {
      ...sim,
      chat: async (request) => {
        const response = await sim.chat(request);
        if (request.meta?.role !== 'generate' || broken-- <= 0) return response;
        return { ...response, texts: [`\`\`\`python\ndef ${problem!.entryPoint}(*args):\n    raise ValueError('not written yet')\n\`\`\``] };
      },
    };
    const result = await runTeamsQuery({
      ...options(new LlmClient({ model }), problem!, { teams: 1, mode: 'early-stop', maxAttempts: 2 }),
      topology: parseTopology('Generate'),
      task: humanEvalTask as Task,
    });
    const [first, retry] = result.teams.attempts;
    expect(first!.status).toBe('failed');
    expect(first!.failure).toMatch(/^public tests error: ValueError: not written yet/);
    expect(first!.correct).toBe(false);
    expect(retry!.attempt).toBe(1);
    expect(['succeeded', 'failed']).toContain(retry!.status);
    expect(result.teams.attempts).toHaveLength(2);
  });
});
