import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedDataPath } from '../../data/index.ts';
import { evaluateController } from '../../eval/evaluate-controller.ts';
import { postJson, startTestServer, type TestServer, virtualSim } from '../../test/fixtures/serve-test-server.ts';
import { trainConfigSchema } from '../../train/train-config.ts';
import { trainController } from '../../train/train-controller.ts';
import type { BackendOptions } from '../backend/backend-options.ts';
import { loadCheckpoint } from '../controller/checkpoint.ts';
import type { TopologyDescription } from '../controller/describe-choice.ts';
import type { LlmCallRecord } from '../llm/call-record.ts';
import { getTask } from '../tasks/registry.ts';
import { UsageError } from '../util/errors.ts';

/**
 * Issue 16 items 3-4: a controller trained with several models chooses (operator, model) pairs,
 * its checkpoint records the models, eval and serve refuse it without them (exit 2), and a server
 * with several models answers /v1/topology and /v1/chat/completions with usage summing every model.
 */

const models = 'small=sim:gpt-4o-mini,big=sim:gpt-4o-mini';
const severalModels: BackendOptions = { ...virtualSim, models };
const task = getTask('gsm8k');
const out = mkdtempSync(join(tmpdir(), 'lamas-several-models-train-'));
let problems: Awaited<ReturnType<typeof task.load>>;
let served: TestServer;

beforeAll(async () => {
  const file = embeddedDataPath('gsm8k', 'train');
  problems = (await task.load(file)).slice(0, 8);
  await trainController({ config: trainConfigSchema.parse({ epochs: 1 }), task, problems, trainData: file, backend: severalModels, out, resume: false });
  served = await startTestServer(out, { backend: severalModels });
});

afterAll(async () => {
  await served?.server.close();
  rmSync(out, { recursive: true, force: true });
});

const question = 'Tom has 3 apples and buys 5 more bags with 4 apples each. How many apples does he have now?';

describe('a controller over several models', { timeout: 240_000 }, () => {
  it('records the models and chooses among (operator, model) pairs; EarlyStop once', async () => {
    const { spec } = await loadCheckpoint(out);
    expect(spec.models).toEqual([
      { name: 'small', backend: 'sim:gpt-4o-mini' },
      { name: 'big', backend: 'sim:gpt-4o-mini' },
    ]);
    const pairs = spec.operators.map((operator, i) => `${operator}@${spec.operatorModels![i]}`);
    const perModel = task.operators.filter((operator) => operator !== 'EarlyStop');
    expect(pairs).toEqual([...task.operators.map((operator) => `${operator}@small`), ...perModel.map((operator) => `${operator}@big`)]);
  });

  it('serves /v1/topology with every node naming its model and probabilities per pair', async () => {
    const response = await postJson(`${served.url}/v1/topology`, { query: question, greedy: false });
    expect(response.status).toBe(200);
    const body = (await response.json()) as TopologyDescription;
    for (const layer of body.layers) {
      expect(Object.keys(layer.probabilities)).toEqual(served.server.controller.operators);
      for (const node of layer.operators) expect(node).toMatch(/^[A-Za-z]+@(small|big)$/);
    }
    expect(body.topology).toBe(body.layers.map((layer) => layer.operators.join(', ')).join(' > '));
    expect(body.mermaid).toMatch(/\[[A-Za-z]+@(small|big)\]/);
  });

  it("answers /v1/chat/completions and /v1/solve; usage sums every model's calls", async () => {
    const llmRows = () => served.trace.rows.filter((row): row is LlmCallRecord => (row as LlmCallRecord).kind === 'llm');
    const rowsOf = (run: string) => llmRows().filter((row) => row.run === run);
    // One request at a time: the chat's calls are the rows it added (its id is not the trace's run).
    const before = llmRows().length;
    const chat = await postJson(`${served.url}/v1/chat/completions`, { model: 'lamas-gsm8k', messages: [{ role: 'user', content: question }] });
    expect(chat.status).toBe(200);
    const answer = (await chat.json()) as { id: string; usage: { prompt_tokens: number; completion_tokens: number } };
    const chatRows = llmRows().slice(before);
    expect(chatRows.length).toBeGreaterThan(0);
    expect(answer.usage.prompt_tokens).toBe(chatRows.reduce((sum, row) => sum + row.promptTokens, 0));
    expect(answer.usage.completion_tokens).toBe(chatRows.reduce((sum, row) => sum + row.completionTokens, 0));
    // Sampled topologies (seeded): until both models have answered calls.
    const seen = new Set(chatRows.map((row) => row.operator.split('@')[1]));
    for (let i = 0; i < 12 && seen.size < 2; i++) {
      const solved = (await (await postJson(`${served.url}/v1/solve`, { query: `${question} (${i})`, greedy: false })).json()) as { id: string; llmCalls: number; promptTokens: number };
      const rows = rowsOf(solved.id);
      expect(solved.llmCalls).toBe(rows.length);
      expect(solved.promptTokens).toBe(rows.reduce((sum, row) => sum + row.promptTokens, 0));
      for (const row of rows) seen.add(row.operator.split('@')[1]);
    }
    expect([...seen].sort()).toEqual(['big', 'small']);
    // The server's own count covers every model's calls.
    const metrics = await (await fetch(`${served.url}/metrics`)).text();
    const calls = Number(/^lamas_llm_calls_total\{outcome="ok"\} (\d+)$/m.exec(metrics)?.[1]);
    expect(calls).toBe(served.trace.rows.filter((row) => (row as LlmCallRecord).kind === 'llm').length);
  });

  it('eval and serve refuse the checkpoint without its models (exit 2, naming what is missing)', async () => {
    const dataset = { problems: problems.slice(0, 2), file: 'x', description: 'x' } as never;
    const refusal = evaluateController({ checkpoint: out, task, dataset, backend: virtualSim, greedy: true, queriesInFlight: 2 });
    await expect(refusal).rejects.toBeInstanceOf(UsageError);
    await expect(refusal).rejects.toThrow('--models: the checkpoint\'s controller was trained with models small=sim:gpt-4o-mini,big=sim:gpt-4o-mini and chooses among them; missing here: small=sim:gpt-4o-mini, big=sim:gpt-4o-mini');
    await expect(startTestServer(out, { backend: { ...virtualSim, models: 'small=sim:gpt-4o-mini,large=sim:gpt-4o-mini' } })).rejects.toThrow('missing here: big=sim:gpt-4o-mini');
  });

  it('evaluates with its models: every node names one, per-model usage sums to the total', async () => {
    const dataset = { problems: problems.slice(0, 4), file: 'x', description: 'x' } as never;
    const { summary } = await evaluateController({ checkpoint: out, task, dataset, backend: severalModels, greedy: false, queriesInFlight: 2 });
    const usage = summary as typeof summary & { models: Record<string, { llmCalls: number }> };
    expect(Object.keys(usage.models)).toEqual(['small', 'big']);
    expect(usage.models.small!.llmCalls + usage.models.big!.llmCalls).toBe(summary.llmCalls);
    for (const topology of Object.keys(summary.topologies)) for (const node of topology.split(/ > |, /)) expect(node).toMatch(/@(small|big)$/);
  });
});
