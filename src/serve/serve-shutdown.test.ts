import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createConnection, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, readSse, removeTrainedCheckpoints, startServeCli, type StartedServe, trainTinyCheckpoint, until } from '../../test/fixtures/serve-test-server.ts';

/**
 * Graceful shutdown of the real CLI (`lamas serve`, alone and with --workers): connections that
 * are not serving a request close at once, requests in flight finish, a second signal cancels.
 * Every wait is on an event; the only clock is a generous bound on how long an exit may take.
 */

const question = 'A baker makes 12 loaves a day and sells 9 of them. How many loaves are left after a week?';
/** Far longer than any test waits: an exit within `exitBoundMs` proves nothing waited for the deadline. */
const longDeadline = ['--drain-timeout', '300'];
const exitBoundMs = 20_000;

let checkpoint: string;
const children: ChildProcess[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  checkpoint = await trainTinyCheckpoint('gsm8k');
});

afterAll(() => {
  for (const socket of sockets) socket.destroy();
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  removeTrainedCheckpoints();
});

const startCli = (args: string[]) => startServeCli(checkpoint, args, children);

/** The exit code, or 'still running' after a bound far above what a prompt exit takes on a loaded machine. */
async function exitCode(served: StartedServe): Promise<number | null | 'still running'> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), exitBoundMs)));
  try {
    return await Promise.race([served.exited, bound]);
  } finally {
    clearTimeout(timer);
  }
}

interface RawConnection {
  socket: Socket;
  /** Settles when the server closed (or reset) the connection. */
  closed: Promise<void>;
  isClosed(): boolean;
  received(): string;
}

/** A bare TCP connection that sends `data` (possibly nothing, or half a request) and then waits. */
function connect(url: string, data = ''): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: hostname, port: Number(port) });
    sockets.push(socket);
    let isClosed = false;
    let received = '';
    const closed = new Promise<void>((done) =>
      socket.once('close', () => {
        isClosed = true;
        done();
      }),
    );
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', () => {}); // a reset is one more way of being closed
      if (data) socket.write(data);
      resolve({ socket, closed, isClosed: () => isClosed, received: () => received });
    });
  });
}

/** Five connections that send nothing, one stopped halfway through its headers, one idle keep-alive after a full exchange. */
async function quietConnections(url: string): Promise<RawConnection[]> {
  const silent = await Promise.all(Array.from({ length: 5 }, () => connect(url)));
  const partial = await connect(url, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Half: ');
  const idle = await connect(url, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
  await until(() => /\r\n\r\n\{/.test(idle.received()));
  return [...silent, partial, idle];
}

/** A request on a fresh connection, so node:cluster hands each one to the next worker. */
function fresh(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false, headers: { connection: 'close' } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve(text));
    })
      .on('error', reject)
      .end();
  });
}

async function requestsInFlight(url: string): Promise<number> {
  return Number(/^lamas_http_requests_in_flight (\d+)$/m.exec(await fresh(`${url}/metrics`))?.[1] ?? 0);
}

for (const workers of [1, 2]) {
  const mode = workers === 1 ? 'one process' : `--workers ${workers}`;
  const processArgs = workers === 1 ? [] : ['--workers', String(workers)];
  const drainLine = workers === 1 ? /SIGTERM, finishing \d+ in-flight queries/ : /SIGTERM, finishing in-flight queries in \d+ workers/;

  describe(`graceful shutdown (${mode})`, () => {
    it('closes silent, half-sent and idle connections at once, finishes the request in flight, and exits 0', async () => {
      const served = await startCli([...processArgs, ...longDeadline, '--sim-time', 'real', '--sim-scale', '0.3', '--json']);
      const quiet = await quietConnections(served.url);
      // Each worker has answered since the quiet connections were handed out.
      for (let i = 0; i < workers; i++) await fresh(`${served.url}/healthz`);

      const events: string[] = [];
      let closedAtDone = -1;
      const response = await postJson(`${served.url}/v1/solve`, { query: question, stream: true });
      await readSse(response, (event) => {
        events.push(event.event ?? '');
        if (events.length === 1) served.child.kill('SIGTERM');
        if (event.event === 'done') closedAtDone = quiet.filter((connection) => connection.isClosed()).length;
      });
      expect(events.at(-1)).toBe('done');
      // Closed while the query was still running, not after it.
      expect(closedAtDone).toBe(quiet.length);
      expect(await exitCode(served)).toBe(0);
      expect(served.stderr()).toMatch(drainLine);
      expect(JSON.parse(served.stdout())).toMatchObject({ workers, queries: 1 });
    });

    it('a second SIGTERM during a long drain cancels the query and closes a stalled upload', async () => {
      // Calls take minutes at this scale: only the second signal can end the drain in time.
      const served = await startCli([...processArgs, ...longDeadline, '--sim-time', 'real', '--sim-scale', '50']);
      const quiet = await connect(served.url);
      // Headers complete, body stalled: a request being served that no LLM call will ever end.
      const upload = await connect(served.url, `POST /v1/topology HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query": "`);
      const events: string[] = [];
      const response = await postJson(`${served.url}/v1/solve`, { query: question, stream: true });
      const streamed = readSse(response, (event) => void events.push(event.event ?? '')).then(
        () => 'ended',
        () => 'cut',
      );
      await until(() => events.length > 0);
      // The upload, the stream and the /metrics request itself.
      await until(async () => (await requestsInFlight(served.url)) >= 3);

      served.child.kill('SIGTERM');
      await until(() => drainLine.test(served.stderr()));
      await quiet.closed;
      expect(upload.isClosed()).toBe(false);

      served.child.kill('SIGTERM');
      expect(['ended', 'cut']).toContain(await streamed);
      await upload.closed;
      expect(await exitCode(served)).toBe(0);
      expect(served.stderr()).toMatch(/SIGTERM again, cancelling in-flight queries/);
    });
  });
}
