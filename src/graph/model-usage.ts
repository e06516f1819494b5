import type { QueryResult } from './run-query.ts';

/** One model's share of a several-model run (DESIGN §11), in the summary's `models` block. */
export interface ModelUsage {
  backend: string;
  /** Operator runs (nodes) that called it. */
  nodes: number;
  llmCalls: number;
  promptTokens: number;
  completionTokens: number;
  /** USD at its own prices, cache hits included. */
  costUsd: number;
}

/** What a summary knows of a declared model: its name, backend and the provider's own fields. */
export interface DeclaredModelInfo {
  name: string;
  backend: string;
  summaryFields?: () => Record<string, unknown>;
}

/**
 * Each declared model's usage, summed from the node records of the finished queries (a node
 * names its model; calls outside nodes, a team's planner and aggregator, are the first model's and
 * appear only in the run's totals), then the provider's own fields (replay's counts). Every
 * model is listed, the unused ones with zeros, in declaration order.
 */
export function modelUsage(results: readonly QueryResult[], models: readonly DeclaredModelInfo[]): Record<string, ModelUsage & Record<string, unknown>> {
  const usage = new Map(models.map((model) => [model.name, { backend: model.backend, nodes: 0, llmCalls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 }]));
  for (const result of results) {
    for (const record of result.operators) {
      const entry = usage.get(record.model ?? models[0]!.name);
      if (!entry) continue;
      entry.nodes += 1;
      entry.llmCalls += record.llmCalls;
      entry.promptTokens += record.promptTokens;
      entry.completionTokens += record.completionTokens;
      entry.costUsd += record.costUsd;
    }
  }
  return Object.fromEntries(
    models.map((model) => {
      const entry = usage.get(model.name)!;
      return [model.name, { ...entry, costUsd: Math.round(entry.costUsd * 1e9) / 1e9, ...model.summaryFields?.() }];
    }),
  );
}
