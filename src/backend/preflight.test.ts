import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults, type FaultServer, startFaultServer } from '../../test/fixtures/fault-server.ts';
import { startSimServer } from '../sim/sim-server.ts';
import { loadSimProfile } from '../sim/sim-profile.ts';
import { LamasError } from '../util/errors.ts';
import { backendOptionsSchema } from './backend-options.ts';
import { preflightBackend } from './preflight.ts';
import { closedPort } from '../../test/fixtures/closed-port.ts';

/** Issue 17.1 and 17.10: one cheap request before a run names what is wrong, and recognises a lamas sim-server. */

const options = (llm: string, baseUrl?: string) => backendOptionsSchema.parse({ llm, baseUrl, requestTimeout: 20 });
const noEnv = {};
const withKey = { OPENAI_API_KEY: 'sk-test' };

/** The error preflightBackend rejects with, and the exit code the CLI would give it. */
async function failure(promise: Promise<unknown>): Promise<{ message: string; exitCode: number; name: string }> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!LamasError.isInstance(error)) throw new Error(`expected a lamas error, got ${String(error)}`);
  return { message: error.message, exitCode: error.exitCode, name: error.name };
}

describe('preflightBackend', () => {
  let fault: FaultServer;
  const calls: string[] = [];
  beforeAll(async () => {
    fault = await startFaultServer((request) => {
      calls.push(`${request.path} ${String(request.body['model'])}`);
      const model = request.body['model'];
      if (request.body['messages'] && model === 'missing') return faults.unknownModel('missing');
      return faults.ok('OK');
    });
  });
  afterAll(() => fault.close());

  it('makes no request at all for the sim', async () => {
    expect(await preflightBackend(options('sim:gpt-4o-mini'), noEnv)).toEqual({ lamasSim: false });
  });

  it('without OPENAI_API_KEY, for OpenAI itself: a usage error naming the variable (exit 2), before any request', async () => {
    const { message, exitCode } = await failure(preflightBackend(options('openai:gpt-4o-mini'), noEnv));
    expect(exitCode).toBe(2);
    expect(message).toMatch(/^OPENAI_API_KEY: is not set; https:\/\/api\.openai\.com\/v1 needs an API key/);
    // The same through OPENAI_BASE_URL pointing at OpenAI.
    expect((await failure(preflightBackend(options('openai:gpt-4o-mini'), { OPENAI_BASE_URL: 'https://api.openai.com/v1/' }))).exitCode).toBe(2);
  });

  it('a closed port: cannot reach, exit 1, naming the URL, the OS error and the flag', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const { message, exitCode, name } = await failure(preflightBackend(options('openai:gpt-4o-mini', url), noEnv));
    expect([name, exitCode]).toEqual(['BackendUnreachableError', 1]);
    expect(message).toContain(`cannot reach the LLM server at ${url}`);
    expect(message).toContain('ECONNREFUSED');
    expect(message).toContain('--base-url');
    expect(message).not.toContain('\n');
  });

  it('a model the server lists passes with one GET /models and no chat', async () => {
    calls.length = 0;
    expect(await preflightBackend(options('openai:fault-model', fault.baseUrl), withKey)).toEqual({ lamasSim: false });
    expect(calls).toEqual(['/v1/models undefined']);
  });

  it('a model the server does not list is asked a one-token chat (aliases like Ollama llama3 = llama3:latest pass)', async () => {
    calls.length = 0;
    expect(await preflightBackend(options('openai:llama3', fault.baseUrl), withKey)).toEqual({ lamasSim: false });
    expect(calls).toEqual(['/v1/models undefined', '/v1/chat/completions llama3']);
    expect(fault.requests.at(-1)!.body['max_tokens']).toBe(1);
  });

  it('an unknown model: a usage error naming --llm and what the server serves (exit 2)', async () => {
    const { message, exitCode } = await failure(preflightBackend(options('openai:missing', fault.baseUrl), withKey));
    expect(exitCode).toBe(2);
    expect(message).toBe(`--llm: model "missing" is not served at ${fault.baseUrl}; it serves fault-model`);
  });

  it('a refused key (401 or 403 on /models): a usage error naming OPENAI_API_KEY (exit 2)', async () => {
    for (const status of [401, 403]) {
      const server = await tinyServer(() => [status, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } }]);
      try {
        const { message, exitCode } = await failure(preflightBackend(options('openai:gpt-4o-mini', server.url), withKey));
        expect(exitCode).toBe(2);
        expect(message).toBe(`OPENAI_API_KEY: ${server.url} refused this key (${status} Incorrect API key provided)`);
        expect(server.paths).toEqual(['/v1/models']);
        // A local server that wants a key (vLLM --api-key) when none is set.
        const unset = await failure(preflightBackend(options('openai:gpt-4o-mini', server.url), noEnv));
        expect([unset.exitCode, unset.message]).toEqual([2, `OPENAI_API_KEY: is not set, and ${server.url} requires one (${status} Incorrect API key provided)`]);
      } finally {
        await server.close();
      }
    }
  });

  it('a server without /models (404) is checked with the chat, and a URL with no API behind it is named', async () => {
    const noModels = await tinyServer((path) => (path.endsWith('/chat/completions') ? [200, chatCompletion] : [404, { error: { message: `no route ${path}` } }]));
    const nothing = await tinyServer((path) => [404, { error: { message: `Not Found: ${path}` } }]);
    try {
      expect(await preflightBackend(options('openai:some-model', noModels.url), noEnv)).toEqual({ lamasSim: false });
      expect(noModels.paths).toEqual(['/v1/models', '/v1/chat/completions']);
      const { message, exitCode } = await failure(preflightBackend(options('openai:some-model', nothing.url), noEnv));
      expect(exitCode).toBe(2);
      expect(message).toBe(`--base-url: no OpenAI-compatible API at ${nothing.url} (404 for /models and /chat/completions; most servers serve under /v1)`);
    } finally {
      await noModels.close();
      await nothing.close();
    }
  });

  it('a server failing (5xx) answers the preflight with exit 1 and its status', async () => {
    const failing = await tinyServer(() => [503, { error: { message: 'overloaded' } }]);
    try {
      const { message, exitCode } = await failure(preflightBackend(options('openai:m', failing.url), noEnv));
      expect(exitCode).toBe(1);
      expect(message).toContain(`the LLM server at ${failing.url} answered the preflight request with 503`);
    } finally {
      await failing.close();
    }
  });

  it('recognises a lamas sim-server by its /models (owned_by lamas-sim)', async () => {
    const sim = await startSimServer({ profile: loadSimProfile('gpt-4o-mini'), seed: 0 });
    try {
      expect(await preflightBackend(options('openai:gpt-4o-mini', sim.url), noEnv)).toEqual({ lamasSim: true });
      expect(sim.stats().chatRequests).toBe(0);
    } finally {
      await sim.close();
    }
  });
});

const chatCompletion = {
  id: 'c',
  object: 'chat.completion',
  created: 0,
  model: 'some-model',
  choices: [{ index: 0, message: { role: 'assistant', content: 'OK' }, finish_reason: 'length', logprobs: null }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
};

interface TinyServer {
  url: string;
  paths: string[];
  close(): Promise<void>;
}

/** A loopback server answering every request with `answer(path)` as JSON. */
async function tinyServer(answer: (path: string) => [number, unknown]): Promise<TinyServer> {
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      paths.push(path);
      const [status, body] = answer(path);
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
