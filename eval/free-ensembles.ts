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
