import type { CreditedTerm, CreditKind } from './reward.ts';
import type { TrainConfig } from './train-config.ts';

/**
 * A per-query baseline for the policy gradient (issue 14). With one baseline for every query, a
 * question that is always answered right gives every graph drawn for it a positive advantage, and
 * one that is always missed a negative one: the advantage is mostly the question's difficulty, and
 * the small latency and cost differences between graphs drown in it. Centring each query's credit
 * on what that query earned on its earlier visits leaves the difference the choice made. The
 * baseline is built from earlier visits only, so it does not depend on the graph drawn now and
 * the gradient stays unbiased.
 */

/** What credits are centred on: as given, else each query's earlier visits under the default rules and one batch EMA under maas and legacy (the paper's). */
export function creditBaselineOf(config: Pick<TrainConfig, 'creditBaseline' | 'rules'>): 'batch' | 'query' {
  return config.creditBaseline ?? (config.rules === 'lamas' ? 'query' : 'batch');
}

/** A query's utility per credit kind over its earlier visits, keyed `<kind>:<query>`. */
export type QueryMeans = Record<string, { visits: number; mean: number }>;

export interface QueryTerm extends CreditedTerm {
  /** The query the term belongs to (its index in the training split). */
  query: number;
}

/** The newest visit weighs at least this much, so a query's baseline follows the policy as it learns. */
const newestWeight = 1 / 4;

const keyOf = (kind: CreditKind, query: number) => `${kind}:${query}`;
const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * Each term minus its query's baseline of its kind, and the baselines with this batch's visits
 * added. A query not seen before is centred on the mean of the baselines of the queries seen so far
 * (on the first batch, on the batch's mean of that kind), so every term is centred on a comparable
 * figure from the first step on.
 */
export function centreOnQueries(terms: readonly QueryTerm[], means: QueryMeans): { centred: CreditedTerm[]; means: QueryMeans } {
  const fallbacks = new Map<CreditKind, number>();
  const fallback = (kind: CreditKind): number => {
    if (!fallbacks.has(kind)) {
      const seen = Object.entries(means).filter(([key]) => key.startsWith(`${kind}:`)).map(([, value]) => value.mean);
      fallbacks.set(kind, seen.length > 0 ? mean(seen) : mean(terms.filter((term) => term.kind === kind).map((term) => term.utility)));
    }
    return fallbacks.get(kind)!;
  };
  const centred = terms.map((term) => ({ utility: term.utility - (means[keyOf(term.kind, term.query)]?.mean ?? fallback(term.kind)), kind: term.kind }));
  const visits: QueryMeans = {};
  for (const term of terms) {
    const key = keyOf(term.kind, term.query);
    if (key in visits) continue; // a query's terms of one kind all carry the same utility: one visit
    const before = means[key];
    const count = (before?.visits ?? 0) + 1;
    const weight = Math.max(1 / count, newestWeight);
    visits[key] = { visits: count, mean: before ? before.mean + weight * (term.utility - before.mean) : term.utility };
  }
  return { centred, means: { ...means, ...visits } };
}
