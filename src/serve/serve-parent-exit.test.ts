import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shouldWatchParent } from './parent-watch.ts';
import { postJson, readSse, removeTrainedCheckpoints, trainTinyCheckpoint } from '../../test/fixtures/serve-test-server.ts';

/**
 * `npx lamas serve` runs lamas as npm → sh → node, and `kill <npm pid>` reaches only the shell:
 * lamas must notice its launcher is gone and drain as on SIGTERM. A stand-in for npm (a node
 * process with npm's environment) starts the server directly or through `sh -c`, and is killed
 * with SIGKILL, so it forwards nothing. The server's exit is awaited on its pipes closing (every
 * process holding them has exited), within a bound far above what a drain takes.
 */

const bin = fileURLToPath(new URL('../../bin/lamas.js', import.meta.url));
const question = 'A baker makes 12 loaves a day and sells 9 of them. How many loaves are left after a week?';
const exitBoundMs = 60_000;

/** Starts `command` as its child and then does nothing: npm waiting on its script. */
const launcher = `
const { spawn } = require('node:child_process');
const [command, ...args] = JSON.parse(process.env.LAUNCH);
spawn(command, args, { stdio: 'inherit' });
setInterval(() => {}, 1 << 30);
`;

let checkpoint: string;
const groups: number[] = [];

beforeAll(async () => {
  checkpoint = await trainTinyCheckpoint('gsm8k');
});

afterAll(() => {
  // Whatever is left of a failed test: the launcher's process group, by its id.
  for (const group of groups) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  removeTrainedCheckpoints();
});

interface Launched {
  launcher: ChildProcess;
  url: string;
  stderr: () => string;
  stdout: () => string;
  /** Settles when every process holding the pipes (launcher, shell, server) has exited. */
  allGone: Promise<void>;
}

async function launch(command: string[]): Promise<Launched> {
  const env = { ...process.env, LAUNCH: JSON.stringify(command), npm_lifecycle_event: 'npx', npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js' };
  // Its own process group, so the cleanup reaches the server even once the launcher is gone.
  const child = spawn(process.execPath, ['-e', launcher], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  groups.push(child.pid!);
  let stderr = '';
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const allGone = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /lamas serve: (http:\/\/\S+)\/v1 /.exec(stderr);
      if (match) resolve(match[1]!);
    });
    void allGone.then(() => reject(new Error(`exited before listening: ${stderr}`)));
  });
  return { launcher: child, url, allGone, stderr: () => stderr, stdout: () => stdout };
}

async function goneWithin(launched: Launched, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([launched.allGone.then(() => true), bound]);
  } finally {
    clearTimeout(timer);
  }
}

const serveArgs = () => [bin, 'serve', '--checkpoint', checkpoint, '--port', '0', '--drain-timeout', '300', '--sim-time', 'real', '--sim-scale', '0.3', '--json'];

describe('a server whose launcher dies (npx, npm exec)', () => {
  it('drains like on SIGTERM when its parent is killed: the query in flight finishes, then it exits', async () => {
    const launched = await launch([process.execPath, ...serveArgs()]);
    const events: string[] = [];
    const response = await postJson(`${launched.url}/v1/solve`, { query: question, stream: true });
    await readSse(response, (event) => {
      events.push(event.event ?? '');
      if (events.length === 1) launched.launcher.kill('SIGKILL');
    });
    expect(events.at(-1)).toBe('done');
    expect(await goneWithin(launched, exitBoundMs)).toBe(true);
    expect(launched.stderr()).toMatch(/lamas serve: node \(pid \d+\), which launched lamas, exited, finishing \d+ in-flight queries/);
    expect(JSON.parse(launched.stdout())).toMatchObject({ queries: 1 });
    await expect(fetch(`${launched.url}/healthz`)).rejects.toThrow();
  });

  it('notices through the shell npm runs it in, when npm itself is killed and the shell stays', async () => {
    // npm's own layout: npm → sh -c '<command>' → node; the shell waits on lamas and outlives npm.
    const launched = await launch(['sh', '-c', '"$@"; exit $?', 'sh', process.execPath, ...serveArgs()]);
    launched.launcher.kill('SIGKILL');
    expect(await goneWithin(launched, exitBoundMs)).toBe(true);
    expect(launched.stderr()).toMatch(/lamas serve: node \(pid \d+\), which launched lamas, exited, finishing 0 in-flight queries/);
    expect(JSON.parse(launched.stdout())).toMatchObject({ queries: 0 });
  });

  it('is watched for only under a package manager (a server left by `nohup ... &` keeps serving)', () => {
    expect(shouldWatchParent({ npm_lifecycle_event: 'npx', npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js' })).toBe(true);
    expect(shouldWatchParent({ npm_execpath: '/usr/lib/node_modules/pnpm/bin/pnpm.cjs' })).toBe(true);
    expect(shouldWatchParent({ PATH: '/usr/bin' })).toBe(false);
  });
});
