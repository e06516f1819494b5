import cluster from 'node:cluster';
import type { ServeWorker } from './create-server.ts';
import type { MetricsSnapshot, ServeMetrics } from './metrics.ts';
import { parseMessage, type PrimaryMessage, primaryMessageSchema, type WorkerMessage, workerMessage } from './worker-messages.ts';

/** How long a /metrics request waits for the primary before answering with this worker alone. */
const gatherTimeoutMs = 2000;

export interface PrimaryOrders {
  /** Stop accepting and finish in-flight requests. */
  drain(): void;
  abort(): void;
}

/**
 * A worker process's end of the cluster IPC channel (`lamas serve --workers N`). It listens from
 * the moment the worker starts, so a drain sent while the checkpoint is still loading is kept
 * and carried out once the worker can. (If the primary dies, node:cluster exits the worker at
 * once: there is no one left to report to.)
 */
export class PrimaryChannel implements ServeWorker {
  private readonly pending = new Map<number, (snapshots: MetricsSnapshot[]) => void>();
  private nextId = 0;
  private readonly onMessage = (raw: unknown) => this.receive(raw);
  private orders: PrimaryOrders | undefined;
  private snapshot: (() => MetricsSnapshot) | undefined;
  private drainOrdered = false;
  private abortOrdered = false;
  private detached = false;

  constructor(
    /** This worker's position, 0-based. */
    readonly index: number,
    readonly count: number,
    /** How many workers held this position before (replacements of crashed ones). */
    readonly generation: number,
  ) {
    process.on('message', this.onMessage);
  }

  /** Where drain and abort orders go; ones that came earlier are carried out now. */
  obey(orders: PrimaryOrders): void {
    this.orders = orders;
    if (this.drainOrdered) orders.drain();
    if (this.abortOrdered) orders.abort();
  }

  /** Answers the primary's snapshot requests from now on. */
  serveSnapshots(snapshot: () => MetricsSnapshot): void {
    this.snapshot = snapshot;
  }

  /** Every worker's snapshot, this one's included; the primary fills in a slow worker's last one. */
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

  /** Reports this worker's final metrics to the primary (resolves once sent). */
  async stopped(snapshot: MetricsSnapshot): Promise<void> {
    if (!process.connected) return;
    await new Promise<void>((resolve) => process.send!(workerMessage({ type: 'stopped', snapshot }), undefined, {}, () => resolve()));
  }

  /**
   * Stops listening and closes the channel, which would otherwise keep the process alive. Through
   * the cluster worker's own disconnect, which marks the exit as intended (a bare channel close
   * makes node:cluster exit(0) at once, before an error could be reported or the exit code set).
   */
  detach(): void {
    if (this.detached) return;
    this.detached = true;
    process.off('message', this.onMessage);
    if (process.connected) cluster.worker?.disconnect();
  }

  private receive(raw: unknown): void {
    let message: PrimaryMessage | undefined;
    try {
      message = parseMessage(primaryMessageSchema, raw);
    } catch (error) {
      process.stderr.write(`lamas serve: worker ${this.index}: ${(error as Error).message}\n`);
      return;
    }
    switch (message?.type) {
      case 'metrics-snapshot-request':
        if (this.snapshot) this.send(workerMessage({ type: 'metrics-snapshot', id: message.id, snapshot: this.snapshot() }));
        return;
      case 'metrics-snapshots':
        this.pending.get(message.id)?.(message.snapshots);
        this.pending.delete(message.id);
        return;
      case 'drain':
        this.drainOrdered = true;
        this.orders?.drain();
        return;
      case 'abort':
        this.abortOrdered = true;
        this.orders?.abort();
        return;
      case undefined:
        return;
    }
  }

  private send(message: WorkerMessage): void {
    if (!process.connected) return;
    // The primary may be gone between the check and the write; there is no one to tell then.
    process.send!(message, undefined, {}, () => {});
  }
}
