import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullDevice, hasFullDevice } from '../../test/full-disk.ts';
import { TraceWriter } from '../llm/trace-writer.ts';
import { createServer, type LamasServer } from './create-server.ts';
import type { SolveResult } from './solve-query.ts';
import { postJson, readSse, removeTrainedCheckpoints, startTestServer, type TestServer, trainTinyCheckpoint, virtualSim } from '../../test/fixtures/serve-test-server.ts';

/** Issue 12: `serve --trace` on a full filesystem answered every /v1/solve with 200 and answer: null. */

const question = 'Tom has 3 apples and buys 5 more bags with 4 apples each. How many apples does he have now?';

describe.skipIf(!hasFullDevice)('serve --trace on a full disk (/dev/full)', () => {
  let good: TestServer;
  let full: LamasServer;
  let fullUrl: string;
  let trace: TraceWriter;
  const warnings: string[] = [];

  beforeAll(async () => {
    const checkpoint = await trainTinyCheckpoint('gsm8k');
    good = await startTestServer(checkpoint);
    // What `lamas serve --trace /dev/full` builds (src/cli/commands/serve.ts), with the warning captured.
    trace = TraceWriter.open(fullDevice, { warn: (line) => warnings.push(line) });
    full = await createServer({ checkpoint, backend: virtualSim, maxConcurrent: 16, bodyLimit: 256 * 1024, trace });
    fullUrl = await full.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await full?.close();
    trace?.close();
    await good?.server.close();
    removeTrainedCheckpoints();
  });

  async function metric(url: string, name: string): Promise<number> {
    const text = await (await fetch(`${url}/metrics`)).text();
    const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
    expect(match, `${name} in /metrics`).not.toBeNull();
    return Number(match![1]);
  }

  it('/v1/solve returns the real answer, and /metrics counts every trace row that was lost', async () => {
    const expected = (await (await postJson(`${good.url}/v1/solve`, { query: question })).json()) as SolveResult;
    const response = await postJson(`${fullUrl}/v1/solve`, { query: question });
    expect(response.status).toBe(200);
    const body = (await response.json()) as SolveResult;
    expect(expected.answer).not.toBeNull();
    expect(body.answer).toBe(expected.answer);
    expect(body.failures).toBe(0);
    expect(body.llmCalls).toBe(expected.llmCalls);
    expect(body.costUsd).toBe(expected.costUsd);
    const rows = good.trace.rows.filter((row) => (row as { run?: string }).run === expected.id).length;
    expect(rows).toBeGreaterThan(0);
    expect(await metric(fullUrl, 'lamas_trace_errors_total')).toBe(rows);
    expect(await metric(good.url, 'lamas_trace_errors_total')).toBe(0);
    expect(trace.errors).toBe(rows);
    // One line on stderr, the first time, naming the file and the OS error.
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(fullDevice);
    expect(warnings[0]).toContain('ENOSPC');
  });

  it('a streamed solve ends with its answer too', async () => {
    const before = await metric(fullUrl, 'lamas_trace_errors_total');
    const events = await readSse(await postJson(`${fullUrl}/v1/solve`, { query: question, stream: true }));
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    const result = JSON.parse(done.data) as SolveResult;
    expect(result.answer).not.toBeNull();
    expect(result.failures).toBe(0);
    expect(await metric(fullUrl, 'lamas_trace_errors_total')).toBeGreaterThan(before);
    expect(warnings).toHaveLength(1);
  });
});
