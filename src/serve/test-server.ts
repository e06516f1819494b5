import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedDataPath } from '../../data/index.ts';
import { trainConfigSchema } from '../../train/train-config.ts';
import { trainController } from '../../train/train-controller.ts';
import type { BackendOptions } from '../backend/backend-options.ts';
import { MemoryTrace } from '../llm/trace-writer.ts';
import { getTask } from '../tasks/registry.ts';
import type { TaskName } from '../tasks/task.ts';
import { createServer, type LamasServer, type ServerOptions } from './create-server.ts';

/** Test support (not shipped behaviour): a tiny trained checkpoint and a server on a free loopback port. */

export const virtualSim: BackendOptions = { llm: 'sim:gpt-4o-mini', seed: 0, simTime: 'virtual', simScale: 1, concurrency: 8, requestTimeout: 60, cache: false };

const trained: string[] = [];

/** One pass over 8 self-made problems in virtual time: a real checkpoint in about a second. */
export async function trainTinyCheckpoint(taskName: TaskName = 'gsm8k'): Promise<string> {
  const task = getTask(taskName);
  const out = mkdtempSync(join(tmpdir(), `lamas-serve-${taskName}-`));
  trained.push(out);
  const file = embeddedDataPath(taskName, 'train');
  const problems = (await task.load(file)).slice(0, 8);
  await trainController({ config: trainConfigSchema.parse({ epochs: 1 }), task, problems, trainData: file, backend: virtualSim, out, resume: false });
  return out;
}

export function removeTrainedCheckpoints(): void {
  for (const dir of trained.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface TestServer {
  server: LamasServer;
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  trace: MemoryTrace;
}

export async function startTestServer(checkpoint: string, options: Partial<Omit<ServerOptions, 'checkpoint' | 'trace'>> = {}): Promise<TestServer> {
  const trace = new MemoryTrace();
  const server = await createServer({ checkpoint, backend: virtualSim, maxConcurrent: 16, bodyLimit: 256 * 1024, ...options, trace });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  return { server, url, trace };
}

export interface SseEvent {
  event: string | undefined;
  data: string;
}

/** Reads server-sent events as they arrive; `onEvent` may return true to stop reading (and cancel the body). */
export async function readSse(response: Response, onEvent?: (event: SseEvent) => boolean | void): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return events;
    buffer += value;
    let boundary: number;
    while ((boundary = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      const lines = block.split('\n').filter((line) => !line.startsWith(':'));
      if (lines.length === 0) continue;
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7);
      const data = lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
      events.push({ event, data });
      if (onEvent?.({ event, data })) {
        await reader.cancel();
        return events;
      }
    }
  }
}

export function postJson(url: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { method: 'POST', ...init, headers: { 'content-type': 'application/json', ...init.headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** Polls until the condition holds (20 ms apart), or fails after `timeoutMs`. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
