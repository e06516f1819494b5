/**
 * Replay calls per second against sim calls per second, in one process, on the same requests
 * (GSM8K test questions, CoT role, sample indices of up to three nodes), both in virtual time.
 * The replay files are read before timing starts (one warm-up pass), as in a run after its
 * first query. Needs the recordings: --replay-dir, $LAMAS_REPLAY_DIR, .lamas-data/replay or
 * ../shared/replay. Run: npx tsx bench/replay-vs-sim.ts [--calls 5000] [--model gpt-4o-mini]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ChatModel, ChatRequest } from '../src/llm/chat-model.ts';
import { createReplayChatModel } from '../src/replay/replay-chat-model.ts';
import { resolveReplayDir } from '../src/replay/replay-dir.ts';
import { findReplayModel } from '../src/replay/replay-models.ts';
import { ReplayStats } from '../src/replay/replay-stats.ts';
import { gsm8kQuestionsFile, ReplayStore } from '../src/replay/replay-store.ts';
import { createSimChatModel } from '../src/sim/sim-chat-model.ts';
import { loadSimProfile } from '../src/sim/sim-profile.ts';
import { machineLine } from './machine.ts';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '5000' }, model: { type: 'string', default: 'gpt-4o-mini' }, 'replay-dir': { type: 'string' } } });
const dir = resolveReplayDir(values['replay-dir']);
const model = findReplayModel(values.model);
if (!model) throw new Error(`unknown replay model ${values.model}`);
const questions = readFileSync(`${dir}/${gsm8kQuestionsFile}`, 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { question: string; answer: string });

const request = (i: number): ChatRequest => {
  const q = i % questions.length;
  const { question, answer } = questions[q]!;
  return {
    messages: [{ role: 'user', content: `${question}\n\nThink step by step, then give the final answer.` }],
    temperature: 0.7,
    sampleIndex: 16 * (Math.floor(i / questions.length) % 3),
    meta: { task: 'gsm8k', queryId: `test-${q}`, role: 'cot', difficulty: 3, reference: answer.split('####').pop()!.trim().replace(/,/g, '') },
  };
};

async function callsPerSecond(chatModel: ChatModel, calls: number): Promise<{ rate: number; tokens: number }> {
  const started = performance.now();
  let tokens = 0;
  for (let i = 0; i < calls; i++) tokens += (await chatModel.chat(request(i))).usage.completionTokens;
  return { rate: calls / ((performance.now() - started) / 1000), tokens: tokens / calls };
}

const calls = Number(values.calls);
const replay = createReplayChatModel({ model, store: new ReplayStore(dir, model), stats: new ReplayStats() });
const sim = createSimChatModel({ profile: loadSimProfile('gpt-4o-mini'), seed: 0 });
const loadStart = performance.now();
await replay.chat(request(0));
const loadMs = performance.now() - loadStart;
// Warm-up: every question matched once (replay) and every query built once (sim).
await callsPerSecond(replay, questions.length);
await callsPerSecond(sim, questions.length);
const simResult = await callsPerSecond(sim, calls);
const replayResult = await callsPerSecond(replay, calls);

console.log(`machine: ${machineLine()}`);
console.log(`replay:${model.name} first call (reads its files): ${loadMs.toFixed(0)} ms`);
console.log(`sim:gpt-4o-mini   ${simResult.rate.toFixed(0)} calls/s (${calls} calls, ${simResult.tokens.toFixed(0)} completion tokens each)`);
console.log(`replay:${model.name} ${replayResult.rate.toFixed(0)} calls/s (${calls} calls, ${replayResult.tokens.toFixed(0)} completion tokens each) = ${(replayResult.rate / simResult.rate).toFixed(2)}x the sim`);
