import { describe, expect, it } from 'vitest';
import { metricsSnapshotSchema, ServeMetrics } from './metrics.ts';

function sample(requests: number, seconds: number): ServeMetrics {
  const metrics = new ServeMetrics();
  for (let i = 0; i < requests; i++) metrics.observeRequest('/v1/topology', 'POST', 200, seconds);
  metrics.observeRequest('/healthz', 'GET', 200, 0.0005);
  metrics.requestsInFlight.value = 1;
  metrics.cost.inc({}, 0.25);
  return metrics;
}

/** What a metric line says, by its exact name and labels. */
function value(text: string, line: string): number {
  const found = text.split('\n').find((candidate) => candidate.startsWith(`${line} `));
  if (!found) throw new Error(`no line ${line}`);
  return Number(found.slice(line.length + 1));
}

describe('merged metrics', () => {
  it('sum counters, gauges and histogram buckets of several processes', () => {
    // Through JSON and the schema, as snapshots travel between worker processes.
    const snapshots = [sample(3, 0.002), sample(2, 0.2)].map((metrics) => metricsSnapshotSchema.parse(JSON.parse(JSON.stringify(metrics.snapshot()))));
    const text = ServeMetrics.merged(snapshots).render();
    expect(value(text, 'lamas_http_requests_total{route="/v1/topology",method="POST",status="200"}')).toBe(5);
    expect(value(text, 'lamas_http_requests_total{route="/healthz",method="GET",status="200"}')).toBe(2);
    expect(value(text, 'lamas_http_requests_in_flight')).toBe(2);
    expect(value(text, 'lamas_llm_cost_usd_total')).toBe(0.5);
    expect(value(text, 'lamas_http_request_duration_seconds_bucket{route="/v1/topology",le="0.0025"}')).toBe(3);
    expect(value(text, 'lamas_http_request_duration_seconds_bucket{route="/v1/topology",le="0.25"}')).toBe(5);
    expect(value(text, 'lamas_http_request_duration_seconds_count{route="/v1/topology"}')).toBeCloseTo(5);
    expect(value(text, 'lamas_http_request_duration_seconds_sum{route="/v1/topology"}')).toBeCloseTo(3 * 0.002 + 2 * 0.2);
  });

  it('survive a non-finite value on the way through JSON', () => {
    const metrics = sample(1, 0.01);
    metrics.cost.inc({}, Number.POSITIVE_INFINITY);
    const snapshot = metricsSnapshotSchema.parse(JSON.parse(JSON.stringify(metrics.snapshot())));
    const text = ServeMetrics.merged([snapshot]).render();
    expect(value(text, 'lamas_llm_cost_usd_total')).toBeNaN();
    expect(value(text, 'lamas_http_requests_total{route="/v1/topology",method="POST",status="200"}')).toBe(1);
  });

  it('of one process render exactly as that process does', () => {
    const metrics = sample(4, 0.01);
    expect(ServeMetrics.merged([metrics.snapshot()]).render()).toBe(metrics.render());
  });
});
