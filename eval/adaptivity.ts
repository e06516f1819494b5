import type { QueryResult } from '../src/graph/run-query.ts';
import type { RunSummary } from '../src/graph/summarize-results.ts';

/** How much a controller's choice depends on the query (DESIGN §3, "per-query adaptivity is measured"). */
export interface TopologySpread {
  /** Topologies chosen at least once. */
  distinctTopologies: number;
  /** Entropy of the chosen-topology distribution over the queries, in bits (0: one graph for all). */
  entropyBits: number;
  /** The most common topology and the share of queries it was chosen for. */
  mostCommon: string;
  mostCommonShare: number;
}

/** One fixed topology's figures beside the controller's. */
export interface FixedTopologyFigures {
  topology: string;
  accuracy: number;
  costUsd: number;
  cpTokensMean: number;
}

export interface Adaptivity extends TopologySpread {
  /** The controller's own most common topology run on every query: what routing adds over it. Null when nothing ran. */
  mostCommonOnEvery: FixedTopologyFigures | null;
  /** Why `mostCommonOnEvery` is null although the evaluation finished (--max-cost reached); absent otherwise. */
  mostCommonSkipped?: string;
}

export function topologySpread(results: readonly Pick<QueryResult, 'topology'>[]): TopologySpread {
  const counts = new Map<string, number>();
  for (const result of results) counts.set(result.topology, (counts.get(result.topology) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const n = results.length;
  const entropy = ranked.reduce((sum, [, count]) => sum - (count / n) * Math.log2(count / n), 0);
  return {
    distinctTopologies: ranked.length,
    // Rounded to 1e-9 so that a float summation order can never differ between equal runs.
    entropyBits: n === 0 ? 0 : Math.round(Math.max(0, entropy) * 1e9) / 1e9,
    mostCommon: ranked[0]?.[0] ?? '',
    mostCommonShare: n === 0 ? 0 : ranked[0]![1] / n,
  };
}

export function fixedTopologyFigures(topology: string, summary: Pick<RunSummary, 'accuracy' | 'costUsd' | 'cpTokens'>): FixedTopologyFigures {
  return { topology, accuracy: summary.accuracy, costUsd: summary.costUsd, cpTokensMean: summary.cpTokens.mean };
}

/** Two lines for the CLI: the spread of the chosen topologies, and the most common one on every query beside the controller. */
export function renderAdaptivity(adaptivity: Adaptivity, controller: Pick<RunSummary, 'accuracy' | 'costUsd' | 'cpTokens'>): string[] {
  const spread = `adaptivity: ${adaptivity.distinctTopologies} distinct topologies, entropy ${adaptivity.entropyBits.toFixed(2)} bits, most common ${(adaptivity.mostCommonShare * 100).toFixed(1)}% (${adaptivity.mostCommon})`;
  const fixed = adaptivity.mostCommonOnEvery;
  if (!fixed) return adaptivity.mostCommonSkipped ? [spread, `  ${adaptivity.mostCommonSkipped}`] : [spread];
  const figures = (s: { accuracy: number; costUsd: number; cp: number }) => `acc ${(s.accuracy * 100).toFixed(1)}%, cost $${s.costUsd.toFixed(4)}, mean CP ${s.cp.toFixed(0)}`;
  return [
    spread,
    `  controller: ${figures({ accuracy: controller.accuracy, costUsd: controller.costUsd, cp: controller.cpTokens.mean })}; most common on every query (a second pass over the split): ${figures({ accuracy: fixed.accuracy, costUsd: fixed.costUsd, cp: fixed.cpTokensMean })}`,
  ];
}
