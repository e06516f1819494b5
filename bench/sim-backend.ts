/**
 * The sim backend's throughput in virtual time, and what the lamas backend layer (openai
 * backend + limiter + accounting) adds per call over a raw `openai` SDK call to the same
 * sim-server. Run: npx tsx bench/sim-backend.ts [--calls 2000] [--http-calls 300]
 */
import OpenAI from 'openai';
import { parseArgs } from 'node:util';
import { CallLimiter } from '../src/llm/call-limiter.ts';
import type { ChatRequest, RequestMeta } from '../src/llm/chat-model.ts';
import { LlmClient } from '../src/llm/llm-client.ts';
import { createOpenAIChatModel } from '../src/llm/openai/index.ts';
import { RealTimeline } from '../src/llm/timeline.ts';
import { UsageLedger } from '../src/llm/usage-ledger.ts';
import { withLimits } from '../src/llm/with-limits.ts';
import { createSimChatModel } from '../src/sim/sim-chat-model.ts';
import { loadSimProfile } from '../src/sim/sim-profile.ts';
import { startSimServer } from '../src/sim/sim-server.ts';
import { machineLine } from './machine.ts';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '2000' }, 'http-calls': { type: 'string', default: '300' } } });
const profile = loadSimProfile('gpt-4o-mini');
const meta = (i: number): RequestMeta => ({ task: 'gsm8k', queryId: `q${i % 200}`, role: 'cot', difficulty: 3, reference: '42' });
const request = (i: number): ChatRequest => ({ messages: [{ role: 'user', content: `Question number ${i}: how many apples?` }], temperature: 0.7, sampleIndex: i, meta: meta(i) });

// 1. In-process sim, virtual time.
const sim = createSimChatModel({ profile, seed: 0 });
const calls = Number(values.calls);
for (let i = 0; i < 100; i++) await sim.chat(request(i));
let started = performance.now();
let tokens = 0;
for (let i = 0; i < calls; i++) tokens += (await sim.chat(request(i))).usage.completionTokens;
const simSeconds = (performance.now() - started) / 1000;

// 2. Raw SDK vs the lamas backend layer against one sim-server (virtual time: no pacing).
const server = await startSimServer({ profile, seed: 0 });
const raw = new OpenAI({ baseURL: server.url, apiKey: 'x', maxRetries: 0 });
const layer = new LlmClient({ model: withLimits(createOpenAIChatModel({ model: 'gpt-4o-mini', baseUrl: server.url, apiKey: 'x', forwardMeta: true }), new CallLimiter({ concurrency: 1 })) });
const httpCalls = Number(values['http-calls']);

async function timeRaw(): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < httpCalls; i++) {
    const body = { model: 'gpt-4o-mini', messages: request(i).messages, temperature: 0.7, stream: true as const, stream_options: { include_usage: true }, lamas_meta: { ...meta(i), sampleIndex: i } };
    for await (const _chunk of await raw.chat.completions.create(body)) {
      // drain the stream as the lamas backend does
    }
  }
  return (performance.now() - t) / httpCalls;
}

async function timeLayer(): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < httpCalls; i++) {
    await layer.chat({ run: 'b', query: `q${i}`, layer: 0, operator: 'CoT', ledger: new UsageLedger(), timeline: new RealTimeline() }, request(i));
  }
  return (performance.now() - t) / httpCalls;
}

await timeRaw();
await timeLayer(); // warm-up both
const rawMs = await timeRaw();
const layerMs = await timeLayer();
await server.close();

console.log(`machine: ${machineLine()}`);
console.log(`sim backend, virtual time, in-process: ${(calls / simSeconds).toFixed(0)} calls/s (${calls} calls, ${(tokens / calls).toFixed(0)} completion tokens each on average)`);
console.log(`per call over HTTP to sim-server (streamed, sequential, ${httpCalls} calls): raw openai SDK ${rawMs.toFixed(2)} ms · lamas backend layer ${layerMs.toFixed(2)} ms · overhead ${(layerMs - rawMs).toFixed(2)} ms (${(layerMs / rawMs).toFixed(2)}x)`);
