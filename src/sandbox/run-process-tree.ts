import { spawn } from 'node:child_process';
import type { SandboxStatus } from './sandbox.ts';

export interface ProcessTreeRequest {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  stdin?: string;
  timeoutMs: number;
  /** Per stream; past it the tree is killed and the run ends as `output_limit`. */
  outputBytes: number;
  signal?: AbortSignal;
  /**
   * How long stdio may stay open after the direct child exited before we stop reading it, for
   * when a descendant that escaped the group holds the pipes. Undefined: wait for the pipes to
   * close (right when nothing can outlive the child, e.g. in a PID namespace) — a grace timer
   * can fire before pending output is read on a busy event loop and cut the output short.
   */
  stdioGraceMs?: number;
}

export interface ProcessTreeResult {
  status: SandboxStatus;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/**
 * Runs a command as the leader of its own process group, captures capped output, and kills
 * the whole group on timeout, output overflow or abort.
 */
export function runProcessTree(request: ProcessTreeRequest): Promise<ProcessTreeResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(request.command, request.args, {
      cwd: request.cwd,
      env: request.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let ending: SandboxStatus | null = null;
    const stdout = new CappedBuffer(request.outputBytes);
    const stderr = new CappedBuffer(request.outputBytes);

    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const killTree = (why: SandboxStatus) => {
      ending ??= why;
      killGroup();
    };
    const onData = (buffer: CappedBuffer) => (chunk: Buffer) => {
      if (!buffer.push(chunk)) killTree('output_limit');
    };
    child.stdout.on('data', onData(stdout));
    child.stderr.on('data', onData(stderr));
    child.stdin.on('error', () => {}); // the program may exit without reading its stdin
    child.stdin.end(request.stdin ?? '');

    const timer = setTimeout(() => killTree('timeout'), request.timeoutMs);
    const onAbort = () => killTree('cancelled');
    if (request.signal?.aborted) onAbort();
    request.signal?.addEventListener('abort', onAbort, { once: true });

    let exitCode: number | null = null;
    let graceTimer: NodeJS.Timeout | undefined;
    child.on('exit', (code) => {
      exitCode = code;
      if (request.stdioGraceMs === undefined) return;
      // A descendant that escaped the group may hold the pipes open; do not wait on it forever.
      graceTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
      }, request.stdioGraceMs);
    });
    let finished = false;
    const finish = (spawnError?: Error) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearTimeout(graceTimer);
      request.signal?.removeEventListener('abort', onAbort);
      killGroup(); // reap anything left in the group
      const status: SandboxStatus = ending ?? (exitCode === 0 ? 'ok' : 'error');
      resolve({
        status: spawnError ? 'error' : status,
        exitCode,
        stdout: stdout.text(),
        stderr: spawnError ? `could not start ${request.command}: ${spawnError.message}` : stderr.text(),
        durationMs: performance.now() - started,
      });
    };
    child.on('close', () => finish());
    child.on('error', (error) => finish(error));
  });
}

/** Keeps the first `limit` bytes of a stream and reports when more arrived. */
class CappedBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit: number) {}

  push(chunk: Buffer): boolean {
    const room = this.limit - this.size;
    if (room > 0) this.chunks.push(chunk.subarray(0, room));
    this.size += chunk.length;
    return this.size <= this.limit;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
