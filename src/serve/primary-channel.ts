import cluster from 'node:cluster';
import type { MetricsSnapshot, ServeMetrics } from './metrics.ts';
import { parseMessage, type PrimaryMessage, primaryMessageSchema, type ServeCounts, type WorkerMessage, workerMessage } from './worker-messages.ts';

/** How long a /metrics request waits for the other workers before answering with what it has. */
const gatherTimeoutMs = 2000;

export interface PrimaryHandlers {
  /** The primary asks every worker for its metrics. */
  snapshot(): MetricsSnapshot;
  /** Stop accepting and finish in-flight requests (also when the primary is gone). */
  drain(): void;
  abort(): void;
}

/**
 * A worker process's end of the cluster IPC channel (`lamas serve --workers N`): answers the
 * primary's snapshot requests, gathers every worker's metrics for /metrics, and takes drain and
 * abort orders.
 */
export class PrimaryChannel {
  private readonly pending = new Map<number, (snapshots: MetricsSnapshot[]) => void>();
  private nextId = 0;
  private readonly onMessage = (raw: unknown) => this.receive(raw);
  private readonly onDisconnect = () => this.handlers?.drain();
  private handlers: PrimaryHandlers | undefined;

  constructor(
    /** This worker's position, 0-based. */
    readonly index: number,
    readonly count: number,
  ) {}

  /** Starts listening to the primary; a lost channel means the primary died, so drain. */
  attach(handlers: PrimaryHandlers): void {
    this.handlers = handlers;
    process.on('message', this.onMessage);
    process.once('disconnect', this.onDisconnect);
  }

  /** Every worker's snapshot, this one's included; on timeout or a lost primary, the ones that came. */
  gatherMetrics(local: ServeMetrics): Promise<MetricsSnapshot[]> {
    if (!process.connected) return Promise.resolve([local.snapshot()]);
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve([local.snapshot()]);
      }, gatherTimeoutMs);
      this.pending.set(id, (snapshots) => {
        clearTimeout(timer);
        resolve(snapshots);
      });
      this.send(workerMessage({ type: 'metrics-request', id }));
    });
  }

  ready(url: string, model: string): void {
    this.send(workerMessage({ type: 'ready', url, model }));
  }

  /** Reports this worker's counts to the primary (resolves once sent). */
  async stopped(counts: ServeCounts): Promise<void> {
    if (process.connected) await new Promise<void>((resolve) => process.send!(workerMessage({ type: 'stopped', counts }), undefined, {}, () => resolve()));
  }

  /**
   * Stops listening and closes the channel, which would otherwise keep the process alive. Through
   * the cluster worker's own disconnect: a bare channel close makes node:cluster exit(0) at once,
   * before an error could be reported or the exit code set.
   */
  detach(): void {
    process.off('message', this.onMessage);
    process.off('disconnect', this.onDisconnect);
    if (process.connected) cluster.worker?.disconnect();
  }

  private receive(raw: unknown): void {
    const message: PrimaryMessage | undefined = parseMessage(primaryMessageSchema, raw);
    if (!message || !this.handlers) return;
    switch (message.type) {
      case 'metrics-snapshot-request':
        this.send(workerMessage({ type: 'metrics-snapshot', id: message.id, snapshot: this.handlers.snapshot() }));
        return;
      case 'metrics-snapshots':
        this.pending.get(message.id)?.(message.snapshots);
        this.pending.delete(message.id);
        return;
      case 'drain':
        this.handlers.drain();
        return;
      case 'abort':
        this.handlers.abort();
        return;
    }
  }

  private send(message: WorkerMessage): void {
    if (process.connected) process.send!(message);
  }
}
