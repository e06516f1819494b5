import cluster, { type Worker } from 'node:cluster';
import { LamasError } from '../util/errors.ts';
import type { MetricsSnapshot } from './metrics.ts';
import { parseMessage, primaryMessage, type PrimaryMessage, type WorkerMessage, workerMessageSchema } from './worker-messages.ts';

/** Tells a forked `lamas serve` process which worker it is (`<index>.<generation>`); its absence marks the primary. */
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

export interface PoolOptions {
  size: number;
  /**
   * Whether a crashed worker may be replaced. Not under `--max-cost`: each worker holds a share
   * of the budget, and a dead worker's spending is unknown, so a fresh share could overspend.
   */
  replaceCrashed: boolean;
  log(line: string): void;
}

interface Gather {
  from: Worker;
  id: number;
  answered: Map<Worker, MetricsSnapshot>;
  asked: Worker[];
  timer: NodeJS.Timeout;
}

/**
 * The primary of `lamas serve --workers N`: forks N copies of the same command, which share the
 * listening port through node:cluster, relays /metrics gathers between them, replaces a worker
 * that crashes, and on drain waits for every worker's final metrics. /metrics never goes
 * backwards: a worker that is slow to answer counts with its last snapshot, and one that has
 * exited keeps its last counts (gauges zeroed).
 */
export class WorkerPool {
  private readonly workers = new Map<number, Worker>();
  private readonly ready = new Set<Worker>();
  private readonly lastSnapshot = new Map<Worker, MetricsSnapshot>();
  private readonly retired: MetricsSnapshot[] = [];
  /** Final metrics of the workers that stopped in order: what the summary adds up. */
  private readonly finals: MetricsSnapshot[] = [];
  private readonly gathers = new Map<number, Gather>();
  private readonly restarts: number[] = [];
  /** Forks so far per worker position: a replacement's generation. */
  private readonly forks = new Map<number, number>();
  private nextGather = 0;
  private draining = false;
  private aborts = 0;
  private failure: LamasError | undefined;
  private allExited: (() => void) | undefined;

  constructor(private readonly options: PoolOptions) {}

  /**
   * Worker 0 first, so a bad checkpoint or a taken port is reported once; then the rest together.
   * Undefined when a drain came before any worker was listening.
   */
  async start(): Promise<{ url: string; model: string } | undefined> {
    const first = await this.fork(0);
    if (this.draining) return first;
    const rest = await Promise.allSettled(Array.from({ length: this.options.size - 1 }, (_, i) => this.fork(i + 1)));
    const failed = rest.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) {
      this.drain();
      await this.stopped().catch(() => {});
      throw failed.reason;
    }
    return first;
  }

  /** Stop accepting and finish in-flight requests everywhere; repeating it changes nothing. */
  drain(): void {
    this.draining = true;
    this.broadcast(primaryMessage({ type: 'drain' }));
  }

  /** Cancel in-flight queries; a second abort kills workers that still have not exited. */
  abort(): void {
    this.aborts++;
    if (this.aborts === 1) return this.broadcast(primaryMessage({ type: 'abort' }));
    this.options.log(`killing ${this.workers.size} workers that have not stopped`);
    for (const worker of this.workers.values()) worker.process.kill('SIGKILL');
  }

  /** Resolves with every worker's final metrics once all have exited (after `drain`); rejects if the pool gave up. */
  async stopped(): Promise<MetricsSnapshot[]> {
    if (this.workers.size > 0) await new Promise<void>((resolve) => (this.allExited = resolve));
    if (this.failure) throw this.failure;
    return this.finals;
  }

  /** Resolves when the worker listens; undefined when it stopped first because of a drain. */
  private fork(index: number): Promise<{ url: string; model: string } | undefined> {
    const generation = this.forks.get(index) ?? 0;
    this.forks.set(index, generation + 1);
    const worker = cluster.fork({ [workerIndexEnvVar]: `${index}.${generation}` });
    this.workers.set(index, worker);
    // Sending to a worker that just died fails asynchronously with EPIPE; the exit handler copes.
    worker.on('error', (error) => this.options.log(`worker ${index}: ${error.message}`));
    return new Promise((resolve, reject) => {
      worker.on('message', (raw: unknown) => {
        let message: WorkerMessage | undefined;
        try {
          message = parseMessage(workerMessageSchema, raw);
        } catch (error) {
          this.options.log(`worker ${index}: ${(error as Error).message}`);
          return;
        }
        if (message?.type === 'ready') {
          this.ready.add(worker);
          // A drain or abort sent while it was starting must reach it too (it also keeps early orders).
          if (this.draining) send(worker, primaryMessage({ type: 'drain' }));
          if (this.aborts > 0) send(worker, primaryMessage({ type: 'abort' }));
          resolve(message);
        } else if (message) {
          this.receive(worker, message);
        }
      });
      worker.once('exit', (code, signal) => {
        const wasReady = this.ready.delete(worker);
        if (this.workers.get(index) === worker) this.workers.delete(index);
        this.retire(worker);
        if (!wasReady) {
          if (this.draining) resolve(undefined);
          else reject(new WorkerStartError(index, code, signal));
        } else {
          this.onExit(index, worker, code, signal);
        }
        if (this.workers.size === 0) this.allExited?.();
      });
    });
  }

  /** A listening worker exited: intended (it drained and disconnected), or a crash to replace. */
  private onExit(index: number, worker: Worker, code: number | null, signal: string | null): void {
    const clean = worker.exitedAfterDisconnect && code === 0;
    if (this.draining) {
      if (!clean) this.options.log(`worker ${index} exited while draining (${exitText(code, signal)})`);
      return;
    }
    if (clean) {
      this.options.log(`worker ${index} stopped on its own; serving with ${this.workers.size} workers`);
      return;
    }
    if (!this.options.replaceCrashed) {
      this.options.log(`worker ${index} exited (${exitText(code, signal)}); not replaced, since --max-cost is split between workers; serving with ${this.workers.size}`);
      if (this.workers.size === 0) this.failure = new LamasError('every worker has exited');
      return;
    }
    const now = Date.now();
    this.restarts.push(now);
    while (this.restarts[0]! < now - restartWindowMs) this.restarts.shift();
    if (this.restarts.length > restartLimit) {
      this.options.log(`worker ${index} exited (${exitText(code, signal)}); ${this.restarts.length} crashes within a minute, stopping the server`);
      this.failure = new LamasError(`workers kept crashing (${this.restarts.length} within a minute)`);
      this.drain();
      return;
    }
    this.options.log(`worker ${index} exited (${exitText(code, signal)}); starting a replacement`);
    this.fork(index).catch((error: unknown) => {
      this.options.log(`the replacement for worker ${index} failed to start: ${(error as Error).message}`);
      this.failure = LamasError.isInstance(error) ? error : new LamasError(String(error));
      this.drain();
    });
  }

  private receive(worker: Worker, message: Exclude<WorkerMessage, { type: 'ready' }>): void {
    switch (message.type) {
      case 'metrics-request': {
        const id = this.nextGather++;
        const asked = [...this.ready].filter((candidate) => candidate.isConnected());
        const gather: Gather = { from: worker, id: message.id, answered: new Map(), asked, timer: setTimeout(() => this.finishGather(id), gatherTimeoutMs) };
        this.gathers.set(id, gather);
        for (const candidate of asked) send(candidate, primaryMessage({ type: 'metrics-snapshot-request', id }));
        if (asked.length === 0) this.finishGather(id);
        return;
      }
      case 'metrics-snapshot': {
        this.lastSnapshot.set(worker, message.snapshot);
        const gather = this.gathers.get(message.id);
        if (!gather) return;
        gather.answered.set(worker, message.snapshot);
        if (gather.answered.size === gather.asked.length) this.finishGather(message.id);
        return;
      }
      case 'stopped':
        this.finals.push(message.snapshot);
        this.lastSnapshot.set(worker, message.snapshot);
        return;
    }
  }

  private finishGather(id: number): void {
    const gather = this.gathers.get(id);
    if (!gather) return;
    this.gathers.delete(id);
    clearTimeout(gather.timer);
    const snapshots = gather.asked.flatMap((worker) => gather.answered.get(worker) ?? this.lastSnapshot.get(worker) ?? []);
    send(gather.from, primaryMessage({ type: 'metrics-snapshots', id: gather.id, snapshots: [...snapshots, ...this.retired] }));
  }

  /** An exited worker's last counts stay in /metrics; its gauges no longer describe anything. */
  private retire(worker: Worker): void {
    const last = this.lastSnapshot.get(worker);
    this.lastSnapshot.delete(worker);
    if (last) this.retired.push({ ...last, gauges: {} });
  }

  private broadcast(message: PrimaryMessage): void {
    for (const worker of this.workers.values()) send(worker, message);
  }
}

function send(worker: Worker, message: PrimaryMessage): void {
  // A worker can die between the check and the write: the callback takes the EPIPE, the exit event the rest.
  if (worker.isConnected()) worker.send(message, undefined, () => {});
}

function exitText(code: number | null, signal: string | null): string {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}
