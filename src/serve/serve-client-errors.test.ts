import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTrainedCheckpoints, startTestServer, type TestServer, trainTinyCheckpoint, until, virtualSim } from '../../test/fixtures/serve-test-server.ts';

/**
 * Errors that never reach a route — node's HTTP parser (431, 414, 400), node's own checks, Fastify's
 * URL decoding, a request during shutdown — answer in the same OpenAI error shape as the routes.
 */

const question = 'A baker makes 12 loaves a day and sells 9 of them. How many loaves are left after a week?';

let checkpoint: string;
let served: TestServer;

beforeAll(async () => {
  checkpoint = await trainTinyCheckpoint('gsm8k');
  served = await startTestServer(checkpoint);
});

afterAll(async () => {
  await served?.server.close();
  removeTrainedCheckpoints();
});

interface RawResponse {
  status: number;
  headers: string;
  body: { error: { message: string; type: string; param: string | null; code: string | null } };
}

/** Writes raw bytes on a fresh connection and reads everything until the server closes it. */
function exchange(url: string, data: string, keepWriting?: (write: (text: string) => void) => void): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port) }, () => {
      socket.write(data);
      keepWriting?.((text) => socket.write(text));
    });
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', () => {}); // a reset after the answer changes nothing
    socket.on('close', () => resolve(text));
  });
}

/** The last of the responses on the connection, read one after the other by their content-length. */
function lastResponse(text: string): RawResponse {
  let rest = text;
  let last: RawResponse | undefined;
  while (rest.startsWith('HTTP/1.1 ')) {
    const split = rest.indexOf('\r\n\r\n');
    const headers = rest.slice(0, split).toLowerCase();
    const length = Number(/^content-length: (\d+)$/m.exec(headers)?.[1]);
    const bodyText = rest.slice(split + 4, split + 4 + length);
    last = { status: Number(rest.slice(9, 12)), headers, body: JSON.parse(bodyText) as RawResponse['body'] };
    rest = rest.slice(split + 4 + length);
  }
  expect(last, text.slice(0, 300)).toBeDefined();
  expect(rest).toBe('');
  return last!;
}

function expectOpenAiShape(response: RawResponse, status: number, code: string): void {
  expect(response.status).toBe(status);
  expect(response.headers).toMatch(/content-type: application\/json/);
  expect(Object.keys(response.body)).toEqual(['error']);
  expect(Object.keys(response.body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(response.body.error.code).toBe(code);
  expect(response.body.error.type).toBe(status >= 500 ? 'server_error' : 'invalid_request_error');
  expect(response.body.error.message.length).toBeGreaterThan(0);
}

describe('errors outside the routes, in the OpenAI error shape', () => {
  it('answers 414 for a very long URL', async () => {
    const response = lastResponse(await exchange(served.url, `GET /v1/models?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`));
    expectOpenAiShape(response, 414, 'uri_too_long');
    expect(response.headers).toMatch(/connection: close/);
  });

  it('answers 431 for a huge header', async () => {
    const response = lastResponse(await exchange(served.url, `GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`));
    expectOpenAiShape(response, 431, 'headers_too_large');
  });

  it("answers 400 for what node's HTTP parser refuses", async () => {
    for (const data of ['NOT HTTP AT ALL\r\n\r\n', 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nNo colon here\r\n\r\n', 'GET /healthz HTTP/1.1\r\n\r\n']) {
      expectOpenAiShape(lastResponse(await exchange(served.url, data)), 400, 'bad_request');
    }
  });

  it('answers 400 for a URL that does not decode and 404 for an unknown route', async () => {
    expectOpenAiShape(lastResponse(await exchange(served.url, 'GET /v1/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')), 400, 'bad_url');
    expectOpenAiShape(lastResponse(await exchange(served.url, 'GET /v1/nowhere HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')), 404, 'not_found');
  });

  it('answers 503 to a request that arrives while the server drains', async () => {
    const draining = await startTestServer(checkpoint, { backend: { ...virtualSim, simTime: 'real', simScale: 0.2 } });
    const body = JSON.stringify({ query: question });
    let closed: Promise<void> | undefined;
    // A solve in flight on a keep-alive connection; once the drain began, a second request on it.
    const text = await exchange(draining.url, `POST /v1/solve HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`, (write) => {
      void until(() => draining.server.metrics.queriesInFlight.value === 1).then(() => {
        closed = draining.server.close();
        write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
      });
    });
    expect(text.startsWith('HTTP/1.1 200')).toBe(true);
    expectOpenAiShape(lastResponse(text), 503, 'shutting_down');
    await closed;
  });
});
