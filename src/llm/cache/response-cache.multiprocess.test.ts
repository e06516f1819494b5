import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ResponseCache } from './response-cache.ts';

const script = fileURLToPath(new URL('../../../test/fixtures/llm-cache/write-entries.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lamas-cache-mp-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Writer {
  child: ChildProcess;
  ready: Promise<void>;
  exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function startWriter(path: string, name: string, count: number, shared: number, pauseMs: number): Writer {
  // Real OS processes, not threads: WAL safety across processes is what is being tested.
  const child = spawn(process.execPath, ['--import', 'tsx', script, path, name, String(count), String(shared), String(pauseMs)], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('ready\n')) markReady();
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => {
      markReady(); // never leave the test waiting on a writer that died before "ready"
      resolve({ code, stdout, stderr });
    }),
  );
  return { child, ready, exit };
}

it('lets two processes write 200 entries each to one file concurrently', async () => {
  const path = join(dir, 'shared', 'cache.sqlite');
  // Both children open a file that does not exist yet, so schema creation races too.
  // A 1 ms pause between writes stretches each run past 200 ms so the two surely interleave.
  const writers = [startWriter(path, 'a', 200, 50, 1), startWriter(path, 'b', 200, 50, 1)];
  await Promise.all(writers.map((w) => w.ready));
  for (const w of writers) w.child.stdin?.end('go\n');
  const results = await Promise.all(writers.map((w) => w.exit));
  for (const result of results) {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('done');
  }

  const spans = results.map((r) => (/done (\d+) (\d+)/.exec(r.stdout) ?? []).slice(1).map(Number));
  const [[aStart, aEnd], [bStart, bEnd]] = spans as [[number, number], [number, number]];
  expect(aStart).toBeLessThan(bEnd);
  expect(bStart).toBeLessThan(aEnd);

  const cache = ResponseCache.open(path);
  // 400 own entries plus 50 keys both wrote: first writer wins, neither failed.
  expect(cache.stats().entries).toBe(450);
  for (const writer of ['a', 'b']) {
    for (let i = 0; i < 200; i += 1) {
      const hit = cache.get(`${writer}-${i}`);
      expect(hit?.texts).toEqual([`${writer} answer ${i}`]);
      expect(hit?.usage).toEqual({ promptTokens: i, completionTokens: i + 1 });
    }
  }
  for (let i = 0; i < 50; i += 1) expect(cache.get(`shared-${i}`)?.texts[0]).toMatch(/^from [ab]$/);
  cache.close();
});
