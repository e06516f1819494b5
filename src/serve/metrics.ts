import { z } from 'zod';
import type { CacheEvent } from '../llm/cache/index.ts';
import type { LlmCallRecord } from '../llm/call-record.ts';
import type { TraceSink } from '../llm/trace-writer.ts';

/**
 * Prometheus text exposition (format 0.0.4), hand-written: a handful of counters, two gauges and
 * one histogram do not justify a dependency, and the hot path is a few Map lookups.
 */

/** Latency buckets in seconds: sub-millisecond topology answers up to multi-minute solves. */
const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

type Labels = Readonly<Record<string, string>>;

const cacheEventLabels: Record<CacheEvent, string> = { corrupt: 'corrupt', readsSkipped: 'read_skipped', writesSkipped: 'write_skipped' };

const labelsSchema = z.record(z.string(), z.string());
/** JSON turns NaN and Infinity into null; one such value must not make a whole snapshot invalid. */
const metricValue = z.number().or(z.null().transform(() => Number.NaN));
const counterSnapshotSchema = z.array(z.object({ labels: labelsSchema, value: metricValue }));
const histogramSnapshotSchema = z.array(z.object({ labels: labelsSchema, counts: z.array(z.number()), sum: metricValue, count: z.number() }));

/** One process's metrics as plain data, so worker processes can send theirs to be summed. */
export const metricsSnapshotSchema = z.object({
  counters: z.record(z.string(), counterSnapshotSchema),
  gauges: z.record(z.string(), metricValue),
  histograms: z.record(z.string(), histogramSnapshotSchema),
});
export type MetricsSnapshot = z.infer<typeof metricsSnapshotSchema>;

class Counter {
  private readonly values = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    const entry = this.values.get(key);
    if (entry) entry.value += by;
    else this.values.set(key, { labels, value: by });
  }

  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels))?.value ?? 0;
  }

  /** Over all label sets. */
  sum(): number {
    let total = 0;
    for (const { value } of this.values.values()) total += value;
    return total;
  }

  snapshot(): z.infer<typeof counterSnapshotSchema> {
    return [...this.values.values()].map(({ labels, value }) => ({ labels, value }));
  }

  absorb(series: z.infer<typeof counterSnapshotSchema>): void {
    for (const { labels, value } of series) this.inc(labels, value);
  }

  render(type: 'counter' | 'gauge' = 'counter'): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${type}`];
    for (const { labels, value } of this.values.values()) lines.push(`${this.name}${formatLabels(labels)} ${formatNumber(value)}`);
    return lines;
  }
}

class Gauge {
  value = 0;

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  render(): string[] {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`, `${this.name} ${formatNumber(this.value)}`];
  }
}

class Histogram {
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[],
  ) {}

  observe(labels: Labels, value: number): void {
    const entry = this.entry(labels);
    // Per-bucket counts, made cumulative only when rendered: observing touches one slot.
    const index = this.buckets.findIndex((bound) => value <= bound);
    if (index >= 0) entry.counts[index]!++;
    entry.sum += value;
    entry.count++;
  }

  private entry(labels: Labels): { labels: Labels; counts: number[]; sum: number; count: number } {
    const key = labelKey(labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { labels, counts: new Array<number>(this.buckets.length).fill(0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    return entry;
  }

  snapshot(): z.infer<typeof histogramSnapshotSchema> {
    return [...this.series.values()].map(({ labels, counts, sum, count }) => ({ labels, counts: [...counts], sum, count }));
  }

  absorb(series: z.infer<typeof histogramSnapshotSchema>): void {
    for (const { labels, counts, sum, count } of series) {
      const entry = this.entry(labels);
      counts.forEach((value, i) => {
        if (i < entry.counts.length) entry.counts[i]! += value;
      });
      entry.sum += sum;
      entry.count += count;
    }
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const { labels, counts, sum, count } of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((bound, i) => {
        cumulative += counts[i]!;
        lines.push(`${this.name}_bucket${formatLabels({ ...labels, le: String(bound) })} ${cumulative}`);
      });
      lines.push(`${this.name}_bucket${formatLabels({ ...labels, le: '+Inf' })} ${count}`);
      lines.push(`${this.name}_sum${formatLabels(labels)} ${formatNumber(sum)}`);
      lines.push(`${this.name}_count${formatLabels(labels)} ${count}`);
    }
    return lines;
  }
}

/** Everything `GET /metrics` reports; the server and the LLM trace feed it. */
export class ServeMetrics {
  readonly requests = new Counter('lamas_http_requests_total', 'HTTP requests by route, method and status (499: the client went away first).');
  readonly latency = new Histogram('lamas_http_request_duration_seconds', 'HTTP request latency by route, from arrival to the last byte.', latencyBuckets);
  readonly requestsInFlight = new Gauge('lamas_http_requests_in_flight', 'HTTP requests being handled now.');
  readonly queriesInFlight = new Gauge('lamas_queries_in_flight', 'Queries running through the orchestrated system now (solve and chat).');
  readonly queries = new Counter('lamas_queries_total', 'Queries run by outcome (ok, cancelled, failed: every operator failed or the run threw).');
  readonly llmCalls = new Counter('lamas_llm_calls_total', 'LLM calls made by served queries, by outcome (ok, cancelled, error).');
  readonly tokens = new Counter('lamas_llm_tokens_total', 'Tokens of LLM calls made by served queries, by kind (prompt, completion).');
  readonly cost = new Counter('lamas_llm_cost_usd_total', 'List-price USD of LLM calls made by served queries (cancelled calls included).');
  readonly billed = new Counter('lamas_llm_billed_usd_total', 'USD actually paid for LLM calls (cache hits are free).');
  readonly traceErrors = new Counter('lamas_trace_errors_total', 'Trace rows that could not be written to --trace (a full disk, say); the answers are unaffected.');
  readonly cacheEvents = new Counter(
    'lamas_llm_cache_events_total',
    'LLM cache problems by event (corrupt: a damaged entry re-fetched; read_skipped: a read served as a miss; write_skipped: an answer returned but not stored).',
  );

  constructor() {
    // Present from the start (0), so an alert on it needs no absent() rule.
    this.traceErrors.inc({}, 0);
    for (const event of Object.values(cacheEventLabels)) this.cacheEvents.inc({ event }, 0);
  }

  /** One counted event of the backend's response cache. */
  observeCacheEvent(event: CacheEvent): void {
    this.cacheEvents.inc({ event: cacheEventLabels[event] });
  }

  observeRequest(route: string, method: string, status: number, seconds: number): void {
    this.requests.inc({ route, method, status: String(status) });
    this.latency.observe({ route }, seconds);
  }

  observeLlmCall(record: LlmCallRecord): void {
    this.llmCalls.inc({ outcome: record.cancelled ? 'cancelled' : record.error !== undefined ? 'error' : 'ok' });
    this.tokens.inc({ kind: 'prompt' }, record.promptTokens);
    this.tokens.inc({ kind: 'completion' }, record.completionTokens);
    this.cost.inc({}, record.costUsd);
    this.billed.inc({}, record.billedUsd);
  }

  private get counters(): Counter[] {
    return [this.requests, this.queries, this.llmCalls, this.tokens, this.cost, this.billed, this.traceErrors, this.cacheEvents];
  }

  private get gauges(): Gauge[] {
    return [this.requestsInFlight, this.queriesInFlight];
  }

  snapshot(): MetricsSnapshot {
    return {
      counters: Object.fromEntries(this.counters.map((counter) => [counter.name, counter.snapshot()])),
      gauges: Object.fromEntries(this.gauges.map((gauge) => [gauge.name, gauge.value])),
      histograms: { [this.latency.name]: this.latency.snapshot() },
    };
  }

  /** One server's view of several processes: counters, gauges and histogram buckets summed. */
  static merged(snapshots: readonly MetricsSnapshot[]): ServeMetrics {
    const merged = new ServeMetrics();
    for (const snapshot of snapshots) {
      for (const counter of merged.counters) counter.absorb(snapshot.counters[counter.name] ?? []);
      for (const gauge of merged.gauges) gauge.value += snapshot.gauges[gauge.name] ?? 0;
      merged.latency.absorb(snapshot.histograms[merged.latency.name] ?? []);
    }
    return merged;
  }

  render(): string {
    const lines = [
      ...this.requests.render(),
      ...this.latency.render(),
      ...this.requestsInFlight.render(),
      ...this.queriesInFlight.render(),
      ...this.queries.render(),
      ...this.llmCalls.render(),
      ...this.tokens.render(),
      ...this.cost.render(),
      ...this.billed.render(),
      ...this.traceErrors.render(),
      ...this.cacheEvents.render(),
    ];
    return `${lines.join('\n')}\n`;
  }
}

/**
 * A trace sink that counts LLM call rows into the metrics and forwards every row to an optional
 * sink; rows that sink could not store (its `errors` grew) are counted as trace errors.
 */
export function metricsTrace(metrics: ServeMetrics, next?: TraceSink): TraceSink {
  return {
    write(row: object) {
      if (isLlmCall(row)) metrics.observeLlmCall(row);
      if (!next) return;
      const before = next.errors ?? 0;
      next.write(row);
      const lost = (next.errors ?? 0) - before;
      if (lost > 0) metrics.traceErrors.inc({}, lost);
    },
  };
}

function isLlmCall(row: object): row is LlmCallRecord {
  return (row as { kind?: unknown }).kind === 'llm';
}

function labelKey(labels: Labels): string {
  let key = '';
  for (const name in labels) key += `${name}=${labels[name]}\u0000`;
  return key;
}

function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([name, value]) => `${name}="${value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

function formatNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
}
