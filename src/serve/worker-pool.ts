import cluster, { type Worker } from 'node:cluster';
import { LamasError } from '../util/errors.ts';
import type { MetricsSnapshot } from './metrics.ts';
import { parseMessage, primaryMessage, type PrimaryMessage, type ServeCounts, type WorkerMessage, workerMessageSchema } from './worker-messages.ts';

/** Tells a forked `lamas serve` process which worker it is; its absence marks the primary. */
export const workerIndexEnvVar = 'LAMAS_SERVE_WORKER';
/** The primary answers a /metrics gather with what it has by then (the worker waits a little longer). */
const gatherTimeoutMs = 1500;
/** More crashes than this within `restartWindowMs` stop the server instead of looping. */
const restartLimit = 5;
const restartWindowMs = 60_000;

/** A worker exited before it was listening: its own error is already on stderr. */
export class WorkerStartError extends LamasError {
  override readonly name = 'WorkerStartError';
  override readonly exitCode: number;
  constructor(index: number, code: number | null, signal: string | null) {
    super(`worker ${index} stopped before it was listening (${exitText(code, signal)}); its error is above`);
    this.exitCode = code !== null && code > 0 ? code : 1;
  }
}

interface Gather {
  from: Worker;
  id: number;
  snapshots: MetricsSnapshot[];
  waiting: number;
  timer: NodeJS.Timeout;
}

/**
 * The primary of `lamas serve --workers N`: forks N copies of the same command, which share the
 * listening port through node:cluster, relays /metrics gathers between them, replaces a worker
 * that crashes, and on drain waits for every worker's final counts.
 */
export class WorkerPool {
  private readonly workers = new Map<number, Worker>();
  private readonly counts: ServeCounts[] = [];
  private readonly gathers = new Map<number, Gather>();
  private readonly restarts: number[] = [];
  private nextGather = 0;
  private draining = false;
  private failure: LamasError | undefined;
  private allExited: (() => void) | undefined;

  constructor(
    readonly size: number,
    private readonly log: (line: string) => void,
  ) {}

  /** Worker 0 first, so a bad checkpoint or a taken port is reported once; then the rest together. */
  async start(): Promise<{ url: string; model: string }> {
    const first = await this.fork(0);
    const rest = await Promise.allSettled(Array.from({ length: this.size - 1 }, (_, i) => this.fork(i + 1)));
    const failed = rest.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) {
      this.drain();
      await this.stopped();
      throw failed.reason;
    }
    return first;
  }

  /** Stop accepting and finish in-flight requests everywhere; repeating it changes nothing. */
  drain(): void {
    this.draining = true;
    this.broadcast(primaryMessage({ type: 'drain' }));
  }

  abort(): void {
    this.broadcast(primaryMessage({ type: 'abort' }));
  }

  /** Resolves with every worker's final counts once all have exited (after `drain`); rejects if the pool gave up on crashing workers. */
  async stopped(): Promise<ServeCounts[]> {
    if (this.workers.size > 0) await new Promise<void>((resolve) => (this.allExited = resolve));
    if (this.failure) throw this.failure;
    return this.counts;
  }

  private fork(index: number): Promise<{ url: string; model: string }> {
    const worker = cluster.fork({ [workerIndexEnvVar]: String(index) });
    this.workers.set(index, worker);
    return new Promise((resolve, reject) => {
      let ready = false;
      worker.on('message', (raw: unknown) => {
        let message: WorkerMessage | undefined;
        try {
          message = parseMessage(workerMessageSchema, raw);
        } catch (error) {
          this.log(`worker ${index}: ${(error as Error).message}`);
          return;
        }
        if (message?.type === 'ready') {
          ready = true;
          resolve(message);
        } else if (message) {
          this.receive(worker, message);
        }
      });
      worker.once('exit', (code, signal) => {
        if (this.workers.get(index) === worker) this.workers.delete(index);
        if (!ready) reject(new WorkerStartError(index, code, signal));
        else if (!this.draining) this.replace(index, code, signal);
        if (this.workers.size === 0) this.allExited?.();
      });
    });
  }

  private replace(index: number, code: number | null, signal: string | null): void {
    const now = Date.now();
    this.restarts.push(now);
    while (this.restarts[0]! < now - restartWindowMs) this.restarts.shift();
    if (this.restarts.length > restartLimit) {
      this.log(`worker ${index} exited (${exitText(code, signal)}); ${this.restarts.length} crashes within a minute, stopping the server`);
      this.failure = new LamasError(`workers kept crashing (${this.restarts.length} within a minute)`);
      this.drain();
      return;
    }
    this.log(`worker ${index} exited (${exitText(code, signal)}); starting a replacement`);
    this.fork(index).catch((error: unknown) => {
      this.log(`the replacement for worker ${index} failed to start: ${(error as Error).message}`);
      this.failure = LamasError.isInstance(error) ? error : new LamasError(String(error));
      this.drain();
    });
  }

  private receive(worker: Worker, message: Exclude<WorkerMessage, { type: 'ready' }>): void {
    switch (message.type) {
      case 'metrics-request': {
        const id = this.nextGather++;
        const live = [...this.workers.values()].filter((candidate) => candidate.isConnected());
        const gather: Gather = { from: worker, id: message.id, snapshots: [], waiting: live.length, timer: setTimeout(() => this.finishGather(id), gatherTimeoutMs) };
        this.gathers.set(id, gather);
        for (const candidate of live) candidate.send(primaryMessage({ type: 'metrics-snapshot-request', id }));
        return;
      }
      case 'metrics-snapshot': {
        const gather = this.gathers.get(message.id);
        if (!gather) return;
        gather.snapshots.push(message.snapshot);
        if (--gather.waiting === 0) this.finishGather(message.id);
        return;
      }
      case 'stopped':
        this.counts.push(message.counts);
        return;
    }
  }

  private finishGather(id: number): void {
    const gather = this.gathers.get(id);
    if (!gather) return;
    this.gathers.delete(id);
    clearTimeout(gather.timer);
    if (gather.from.isConnected()) gather.from.send(primaryMessage({ type: 'metrics-snapshots', id: gather.id, snapshots: gather.snapshots }));
  }

  private broadcast(message: PrimaryMessage): void {
    for (const worker of this.workers.values()) if (worker.isConnected()) worker.send(message);
  }
}

function exitText(code: number | null, signal: string | null): string {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}
