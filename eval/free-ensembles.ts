import type { OperatorRecord } from '../src/graph/operator-record.ts';

/**
 * The pathology of issue 14 item 5: a ScEnsemble given one solution returns it without calling
 * the model (operators/sc-ensemble.ts), so it adds no cost and no latency, and a controller can
 * stack them (`Generate > ScEnsemble > ScEnsemble > ...`) at no price. Counted from what ran:
 * a ScEnsemble record that did not fail and made no LLM call.
 */
export interface FreeEnsembles {
  queries: number;
  /** Queries with at least one free ScEnsemble. */
  withFree: number;
  /** Queries with two or more (a chain of them, or several in one graph). */
  withTwoOrMore: number;
  /** Free ScEnsembles over all queries. */
  total: number;
}

export function countFreeEnsembles(queries: ReadonlyArray<{ operators: ReadonlyArray<Pick<OperatorRecord, 'operator' | 'llmCalls' | 'failed'>> }>): FreeEnsembles {
  let withFree = 0;
  let withTwoOrMore = 0;
  let total = 0;
  for (const query of queries) {
    const free = query.operators.filter((record) => record.operator === 'ScEnsemble' && record.llmCalls === 0 && !record.failed).length;
    total += free;
    if (free >= 1) withFree++;
    if (free >= 2) withTwoOrMore++;
  }
  return { queries: queries.length, withFree, withTwoOrMore, total };
}

/**
 * The topology that did the work: what ran, minus the free ScEnsembles (a layer left empty
 * goes). Two chosen topologies that differ only in free ScEnsembles run the same calls and give
 * the same answer, so adaptivity counted over these does not credit the controller for them.
 */
export function effectiveTopology(records: ReadonlyArray<Pick<OperatorRecord, 'operator' | 'llmCalls' | 'failed' | 'layer' | 'node'>>): string {
  const layers = new Map<number, string[]>();
  const ordered = [...records].sort((a, b) => a.layer - b.layer || nodeIndex(a.node) - nodeIndex(b.node));
  for (const record of ordered) {
    if (record.operator === 'ScEnsemble' && record.llmCalls === 0 && !record.failed) continue;
    layers.set(record.layer, [...(layers.get(record.layer) ?? []), record.operator]);
  }
  return [...layers.keys()].sort((a, b) => a - b).map((layer) => layers.get(layer)!.join(', ')).join(' > ');
}

/** `L<layer>.<index>:<Operator>` (src/graph/topology.ts nodeId): the index orders a layer's nodes. */
function nodeIndex(node: string): number {
  return Number(/^L\d+\.(\d+):/.exec(node)?.[1] ?? 0);
}
