import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { casWorkerSource } from './cas-worker-source.ts';

/** What the compute engine says about two LaTeX expressions. */
export interface CasComparison {
  /** Both parsed without errors. */
  valid: boolean;
  unknownsA: string[];
  unknownsB: string[];
  /** The engine's own `isEqual`, null when it could not decide. */
  symbolic: boolean | null;
  /** Per sample point (one when there are no unknowns): `[reA, imA, reB, imB]`. */
  values: number[][];
}

export interface CasCompareOptions {
  /** Wall-clock budget of one comparison; past it the worker is killed and the answer is "unknown". */
  timeoutMs?: number;
}

/** Values substituted for unknowns: irregular, of both signs, so distinct expressions rarely agree at all of them. */
const samplePoints = [0.5377, 1.8339, -2.2588, 0.8622, 3.1876];
const defaultTimeoutMs = 2000;
const startupTimeoutMs = 20_000;
const maxFailedStarts = 3;

interface CasWorker {
  worker: Worker;
  port: MessagePort;
  /** [0]: id of the last answered request; [1]: 1 ready, -1 failed to start. */
  flags: Int32Array;
}

let current: CasWorker | null = null;
let failedStarts = 0;
let lastId = 0;

/** Time spent in the CAS (worker start included), so benchmarks can report grading time without it. */
export interface CasStats {
  calls: number;
  totalMs: number;
}

const stats: CasStats = { calls: 0, totalMs: 0 };

/** Calls made and wall time spent waiting for the CAS since the process started. */
export function casStats(): CasStats {
  return { ...stats };
}

/**
 * Asks the compute engine, synchronously, about two expressions. The engine runs in a worker thread
 * so that an input it cannot finish (`(10^{100})!`) costs at most `timeoutMs`: the worker is then
 * terminated and replaced. Returns null when there is no verdict (timeout, crash, engine missing).
 */
export function casCompare(a: string, b: string, options: CasCompareOptions = {}): CasComparison | null {
  const started = performance.now();
  try {
    return compareInWorker(a, b, options);
  } finally {
    stats.calls++;
    stats.totalMs += performance.now() - started;
  }
}

/**
 * The value of a constant expression by the CAS: a finite real number, or null (unknowns, a
 * complex or infinite value, a parse error, no verdict in time).
 */
export function casEvaluate(latex: string, options: CasCompareOptions = {}): number | null {
  const comparison = casCompare(latex, '0', options);
  if (comparison === null || !comparison.valid || comparison.unknownsA.length > 0) return null;
  const [re = Number.NaN, im = Number.NaN] = comparison.values[0] ?? [];
  if (!Number.isFinite(re) || !Number.isFinite(im) || Math.abs(im) > 1e-12 * Math.max(1, Math.abs(re))) return null;
  return re;
}

function compareInWorker(a: string, b: string, options: CasCompareOptions): CasComparison | null {
  const cas = ensureWorker();
  if (!cas) return null;
  lastId = (lastId % 1_000_000_000) + 1;
  const id = lastId;
  cas.port.postMessage({ id, a, b });
  if (!waitFor(cas.flags, 0, (value) => value === id, options.timeoutMs ?? defaultTimeoutMs)) {
    stopCasWorker();
    return null;
  }
  for (let message = receiveMessageOnPort(cas.port); message; message = receiveMessageOnPort(cas.port)) {
    const response = readResponse(message.message);
    if (response?.id === id) return response.comparison;
  }
  return null;
}

/** Terminates the worker (a later comparison starts a new one). The worker never keeps the process alive. */
export function stopCasWorker(): void {
  const stopping = current;
  current = null;
  if (stopping) {
    stopping.port.close();
    void stopping.worker.terminate();
  }
}

function ensureWorker(): CasWorker | null {
  if (current) return current;
  if (failedStarts >= maxFailedStarts) return null;
  try {
    const state = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
    const flags = new Int32Array(state);
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(casWorkerSource)}`), {
      workerData: { port: port2, state, engineUrl: import.meta.resolve('@cortex-js/compute-engine'), samples: samplePoints },
      transferList: [port2],
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    worker.unref();
    port1.unref();
    const forget = (): void => {
      if (current?.worker === worker) current = null;
    };
    worker.on('error', forget);
    worker.on('exit', forget);
    if (!waitFor(flags, 1, (value) => value !== 0, startupTimeoutMs) || Atomics.load(flags, 1) !== 1) {
      failedStarts++;
      port1.close();
      void worker.terminate();
      return null;
    }
    failedStarts = 0;
    current = { worker, port: port1, flags };
    return current;
  } catch {
    failedStarts++;
    return null;
  }
}

function waitFor(flags: Int32Array, index: number, done: (value: number) => boolean, timeoutMs: number): boolean {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = Atomics.load(flags, index);
    if (done(value)) return true;
    const remaining = deadline - performance.now();
    if (remaining <= 0) return false;
    Atomics.wait(flags, index, value, remaining);
  }
}

function readResponse(message: unknown): { id: number; comparison: CasComparison | null } | null {
  if (typeof message !== 'object' || message === null) return null;
  const record = message as Record<string, unknown>;
  if (typeof record.id !== 'number') return null;
  if (record.ok !== true || record.valid !== true) {
    return { id: record.id, comparison: record.ok === true ? { valid: false, unknownsA: [], unknownsB: [], symbolic: null, values: [] } : null };
  }
  return {
    id: record.id,
    comparison: {
      valid: true,
      unknownsA: toStrings(record.unknownsA),
      unknownsB: toStrings(record.unknownsB),
      symbolic: typeof record.symbolic === 'boolean' ? record.symbolic : null,
      values: Array.isArray(record.values) ? record.values.map((row: unknown) => (Array.isArray(row) ? row.map(toNumber) : [])) : [],
    },
  };
}

function toStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}
