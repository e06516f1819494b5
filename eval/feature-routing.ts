/**
 * How much of the routing headroom one feature of a query can explain (issue 14: "or show that the
 * sim offers no per-query signal"). The per-query oracle also profits from what no router can see
 * (sampling noise, a hidden per-question offset); a rule that maps one feature to a topology cannot.
 * With the sim's own difficulty measure (GSM8K reference steps, MATH level: hidden from a router,
 * which sees only the question) it bounds what the sim's structure offers; with a feature read off
 * the question (how many numbers it holds) it is what a router could learn. The rule is chosen on
 * one half of the queries and scored on the other (2-fold, by query position), and so is the best
 * fixed topology it is compared with, so neither wins by fitting the noise it is scored on.
 */
export interface FeatureRoutingInput {
  /** Per candidate topology: the utility R of every query, in one fixed query order. */
  candidates: ReadonlyMap<string, readonly number[]>;
  /** The observable feature of every query, same order. */
  features: readonly number[];
}

export interface FeatureRouting {
  /** Held-out mean utility of routing each feature value to the candidate best for it on the other fold. */
  routed: number;
  /** Held-out mean utility of the single topology best on the other fold. */
  fixed: number;
  /** The rule fitted on all queries: per feature value, how many queries and which topology. */
  rule: Array<{ value: number; queries: number; topology: string }>;
}

export function featureRouting({ candidates, features }: FeatureRoutingInput): FeatureRouting {
  const n = features.length;
  if (n < 2 || candidates.size === 0) throw new Error('feature routing needs at least two queries and one candidate');
  for (const [topology, utilities] of candidates) if (utilities.length !== n) throw new Error(`candidate ${topology}: ${utilities.length} utilities for ${n} queries`);
  const all = features.map((_, q) => q);
  const folds = [all.filter((q) => q % 2 === 0), all.filter((q) => q % 2 === 1)] as const;
  let routed = 0;
  let fixed = 0;
  for (const [fit, score] of [[folds[0], folds[1]], [folds[1], folds[0]]] as const) {
    const fallback = bestOn(candidates, fit);
    const rule = ruleOn(candidates, features, fit);
    for (const q of score) {
      routed += candidates.get(rule.get(features[q]!) ?? fallback)![q]!;
      fixed += candidates.get(fallback)![q]!;
    }
  }
  const fitted = ruleOn(candidates, features, all);
  const rule = [...fitted.entries()]
    .map(([value, topology]) => ({ value, queries: features.filter((feature) => feature === value).length, topology }))
    .sort((a, b) => a.value - b.value);
  return { routed: routed / n, fixed: fixed / n, rule };
}

/** The candidate with the highest total utility over `queries` (ties: the name first in order). */
function bestOn(candidates: ReadonlyMap<string, readonly number[]>, queries: readonly number[]): string {
  const totals = [...candidates].map(([topology, utilities]) => ({ topology, total: queries.reduce((sum, q) => sum + utilities[q]!, 0) }));
  totals.sort((a, b) => b.total - a.total || a.topology.localeCompare(b.topology));
  return totals[0]!.topology;
}

/** Per feature value seen among `queries`: the candidate best on those queries. */
function ruleOn(candidates: ReadonlyMap<string, readonly number[]>, features: readonly number[], queries: readonly number[]): Map<number, string> {
  const byValue = new Map<number, number[]>();
  for (const q of queries) byValue.set(features[q]!, [...(byValue.get(features[q]!) ?? []), q]);
  return new Map([...byValue].map(([value, members]) => [value, bestOn(candidates, members)]));
}
