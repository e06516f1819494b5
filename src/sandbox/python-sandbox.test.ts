import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, chmodSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPythonSandbox } from './python-sandbox.ts';

const sandbox = createPythonSandbox({ concurrency: 2 });
// Room for a Python start on a loaded 2-core machine: only the hang test below means to reach its timeout.
const timeoutMs = 30_000;

/** Polls a condition until it holds or the deadline passes (generous: the machine may be loaded). */
async function until(condition: () => boolean, deadlineMs = 100_000): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

/** Processes whose command line carries the marker, i.e. anything a run left behind. */
function survivors(marker: string): string[] {
  const out = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(marker) && !line.includes('ps -eo'));
}

describe('python sandbox', () => {
  it('runs a program and captures its output and exit status', async () => {
    const ok = await sandbox.run({ code: 'import sys\nprint(sys.stdin.read().upper())', stdin: 'hello' });
    expect(ok).toMatchObject({ status: 'ok', exitCode: 0, stdout: 'HELLO\n' });
    const failed = await sandbox.run({ code: 'raise ValueError("boom")' });
    expect(failed.status).toBe('error');
    expect(failed.stderr).toContain('ValueError: boom');
  });

  it('reports the isolation it achieved (namespaces and a throwaway uid when root)', async () => {
    const isolation = await sandbox.isolation();
    const program = await sandbox.run({ code: 'import os\nprint(os.getuid(), os.getpid())' });
    const [uid, pid] = program.stdout.trim().split(' ').map(Number);
    if (isolation.unprivilegedUid) expect(uid).toBeGreaterThanOrEqual(200_000);
    if (isolation.namespaces) expect(pid).toBeLessThan(10); // a fresh PID namespace
    if (process.getuid?.() === 0) expect(isolation.unprivilegedUid).toBe(true);
  });

  it("cannot read the parent's secrets from its environment or /proc", async () => {
    const secret = `sk-test-${randomBytes(8).toString('hex')}`;
    process.env.OPENAI_API_KEY = secret;
    try {
      const code = [
        'import os, glob',
        'found = [k for k, v in os.environ.items() if "sk-test-" in v]',
        'for path in glob.glob("/proc/*/environ"):',
        '    try:',
        '        if b"sk-test-" in open(path, "rb").read(): found.append(path)',
        '    except OSError: pass',
        'print(sorted(os.environ), found)',
      ].join('\n');
      const result = await sandbox.run({ code });
      expect(result.status).toBe('ok');
      expect(result.stdout).not.toContain(secret);
      expect(result.stdout.trim().endsWith('[]')).toBe(true);
      expect(result.stdout).not.toContain('OPENAI_API_KEY');
    } finally {
      delete process.env.OPENAI_API_KEY;
    }
  });

  describe('network', () => {
    let server: Server;
    let port = 0;
    let connections = 0;
    beforeAll(async () => {
      server = createServer((socket) => {
        connections++;
        socket.end('hello');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => server.close());

    it('cannot open a connection, not even to the host loopback', async () => {
      const isolation = await sandbox.isolation();
      const code = `import socket\ntry:\n    socket.create_connection(("127.0.0.1", ${port}), timeout=2).recv(5)\n    print("CONNECTED")\nexcept OSError as e:\n    print("BLOCKED", e)`;
      const result = await sandbox.run({ code });
      if (!isolation.namespaces) {
        console.warn('no network namespace on this host: network isolation not available');
        return;
      }
      expect(result.stdout).toContain('BLOCKED');
      expect(connections).toBe(0);
    });
  });

  it('cannot write outside its own directory', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'lamas-outside-'));
    chmodSync(outside, 0o777); // even a world-writable host dir must stay untouched
    const target = join(outside, 'owned.txt');
    try {
      const code = [
        'import os',
        `for path in [${JSON.stringify(target)}, "/etc/lamas-owned", os.path.expanduser("~root/owned")]:`,
        '    try:',
        '        open(path, "w").write("x")',
        '    except OSError as e:',
        '        print("denied", path)',
        'open("inside.txt", "w").write("ok")',
        'print(open("inside.txt").read())',
      ].join('\n');
      const result = await sandbox.run({ code });
      expect(result.status).toBe('ok');
      expect(result.stdout).toContain('ok');
      expect(existsSync(target)).toBe(false);
      expect(existsSync('/etc/lamas-owned')).toBe(false);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('contains an 8 GB allocation', async () => {
    const result = await sandbox.run({ code: 'x = bytearray(8 * 1024 ** 3)\nprint("allocated")', timeoutMs });
    expect(result.status).toBe('error');
    expect(result.stdout).not.toContain('allocated');
    expect(result.stderr).toContain('MemoryError');
  });

  it('kills an infinite loop at the timeout', async () => {
    const result = await sandbox.run({ code: 'while True:\n    pass', timeoutMs: 1000 });
    expect(result.status).toBe('timeout');
    // Killed near its timeout, not left to spin (seconds of slack for a loaded machine).
    expect(result.durationMs).toBeLessThan(1000 + 10_000);
  });

  it('ends a loop at its CPU budget as a timeout, however long the wall timeout', async () => {
    const result = await sandbox.run({ code: 'while True:\n    pass', cpuSeconds: 1, timeoutMs: 600_000 });
    expect(result.status).toBe('timeout');
    // Killed by RLIMIT_CPU (SIGXCPU: the launcher exits 128 + 24), not by the wall timer.
    expect(result.exitCode).toBe(152);
  }, 600_000); // 1 s of CPU can take minutes of wall time for a niced run on a loaded machine

  it('caps 1 GB of output and ends the run', async () => {
    const result = await sandbox.run({
      code: 'import sys\nchunk = "x" * (1 << 20)\nfor _ in range(1024):\n    sys.stdout.write(chunk)',
      timeoutMs,
    });
    expect(result.status).toBe('output_limit');
    expect(result.stdout.length).toBeLessThanOrEqual(1024 * 1024);
    expect(result.durationMs).toBeLessThan(timeoutMs + 10_000);
  });

  it('contains a fork bomb and leaves no process behind', async () => {
    const marker = `${1000 + Math.floor(Math.random() * 1000)}.${Date.now() % 100000}`;
    const code = [
      'import os',
      'started = 0',
      'for _ in range(2000):',
      '    try:',
      '        if os.fork() == 0:',
      `            os.execv("/bin/sleep", ["sleep", "${marker}"])`,
      '        started += 1',
      '    except OSError:',
      '        break',
      'print("started", started)',
    ].join('\n');
    const result = await sandbox.run({ code, timeoutMs });
    expect(result.durationMs).toBeLessThan(timeoutMs + 10_000);
    const started = Number(/started (\d+)/.exec(result.stdout)?.[1] ?? '0');
    expect(started).toBeLessThan(2000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(survivors(marker)).toEqual([]);
  });

  it('leaves no detached setsid child behind', async () => {
    const isolation = await sandbox.isolation();
    const marker = `${2000 + Math.floor(Math.random() * 1000)}.${Date.now() % 100000}`;
    const code = [
      'import os',
      'if os.fork() == 0:',
      '    os.setsid()',
      '    if os.fork() == 0:',
      `        os.execv("/bin/sleep", ["sleep", "${marker}"])`,
      '    os._exit(0)',
      'print("parent done")',
    ].join('\n');
    const result = await sandbox.run({ code, timeoutMs });
    expect(result.stdout).toContain('parent done');
    expect(result.durationMs).toBeLessThan(timeoutMs + 10_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (!isolation.namespaces) {
      console.warn('no PID namespace on this host: a setsid child can outlive the run');
      return;
    }
    expect(survivors(marker)).toEqual([]);
  });

  it('stops a run when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const result = await sandbox.run({ code: 'import time\ntime.sleep(30)', signal: controller.signal, timeoutMs: 10_000 });
    expect(result.status).toBe('cancelled');
    // Stopped, not left to sleep its 30 s (a loaded machine may take seconds to deliver the kill).
    expect(result.durationMs).toBeLessThan(15_000);
  });

  it('dies with its host: a SIGKILLed host leaves no sandboxed process, and its run directory is removed at the next start', async () => {
    const isolation = await sandbox.isolation();
    const marker = `${3000 + Math.floor(Math.random() * 1000)}.${Date.now() % 100000}`;
    const host = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../test/fixtures/sandbox-host.ts', import.meta.url)), marker], { stdio: 'ignore' });
    const sleeping = () => survivors(marker).filter((line) => line.startsWith('sleep '));
    expect(await until(() => sleeping().length > 0)).toBe(true);
    const hostDirs = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`lamas-sandbox-${host.pid}-`));
    expect(hostDirs().length).toBe(1);
    const exited = new Promise((resolve) => host.once('exit', resolve));
    host.kill('SIGKILL');
    await exited; // reaped: a zombie still counts as alive
    expect(isolation.diesWithHost).toBe(true);
    expect(await until(() => sleeping().length === 0)).toBe(true);
    await createPythonSandbox({ concurrency: 1 }).run({ code: 'pass' });
    expect(hostDirs()).toEqual([]);
  });

  it('limits memory for the run as a whole, not per process', async () => {
    const small = createPythonSandbox({ concurrency: 1, memoryBytes: 256 * 1024 * 1024 });
    const isolation = await small.isolation();
    const code = [
      'import os, time',
      'readers = []',
      'for _ in range(5):',
      '    r, w = os.pipe()',
      '    if os.fork() == 0:',
      '        os.close(r)',
      '        held = b"x" * (80 * 1024 * 1024)',
      '        os.write(w, b"1")',
      '        time.sleep(3)',
      '        os._exit(0)',
      '    os.close(w)',
      '    readers.append(r)',
      'print("held", sum(os.read(r, 1) == b"1" for r in readers))',
    ].join('\n');
    const result = await small.run({ code, timeoutMs: 15_000 });
    const held = Number(/held (\d+)/.exec(result.stdout)?.[1] ?? 'NaN');
    if (isolation.cgroups === null) {
      console.warn('no writable cgroup hierarchy on this host: memory is limited per process only');
      return;
    }
    // 5 x 80 MiB does not fit in 256 MiB: some children must have been stopped.
    expect(held).toBeLessThan(5);
  });

  it('limits the size of the run directory', async () => {
    const small = createPythonSandbox({ concurrency: 1, runDirBytes: 8 * 1024 * 1024, fileBytes: 64 * 1024 * 1024 });
    const isolation = await small.isolation();
    const code = [
      'written = 0',
      'try:',
      '    for i in range(25):',
      '        with open(f"blob{i}", "wb") as f: f.write(b"x" * (4 * 1024 * 1024))',
      '        written += 4',
      'except OSError as e:',
      '    print("stopped", e.strerror)',
      'print("written", written)',
    ].join('\n');
    const result = await small.run({ code, timeoutMs: 15_000 });
    if (!isolation.namespaces) {
      console.warn('no mount namespace on this host: the run directory is on the host disk without a quota');
      return;
    }
    expect(result.stdout).toContain('No space left on device');
    expect(Number(/written (\d+)/.exec(result.stdout)?.[1])).toBeLessThanOrEqual(8);
  });

  it('sees only the system and its own files, not the project or the benchmark data', async () => {
    const isolation = await sandbox.isolation();
    const project = fileURLToPath(new URL('../../package.json', import.meta.url));
    const code = `import os\nprint(sorted(os.listdir("/")))\nprint(os.path.exists(${JSON.stringify(project)}))`;
    const result = await sandbox.run({ code });
    if (!isolation.namespaces) {
      console.warn('no mount namespace on this host: the sandbox can read the host file system');
      return;
    }
    expect(result.stdout).toContain('False');
    expect(result.stdout).not.toContain("'work'");
    expect(result.stdout).not.toContain("'root'");
  });

  it('bounds parallelism to the pool size', async () => {
    const pool = createPythonSandbox({ concurrency: 1 });
    const started = performance.now();
    const runs = await Promise.all([0, 1, 2].map(() => pool.run({ code: 'import time\ntime.sleep(0.3)' })));
    expect(runs.every((run) => run.status === 'ok')).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
  });
});
