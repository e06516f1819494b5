/**
 * Routing headroom (DESIGN §3): on a deterministic backend every candidate topology is run on
 * every query, so the best candidate per query in hindsight (the oracle) and the best single
 * topology for all queries are known. The share of the gap between them that the controller
 * closes is its adaptivity score: 0 = no better than the best fixed graph, 1 = the oracle.
 */
export interface HeadroomInput {
  /** Per candidate topology: the utility R of every query, in one fixed query order. */
  candidates: ReadonlyMap<string, readonly number[]>;
  /** The controller's own utility per query (same order); its choices count as candidates too. */
  controller: readonly number[];
}

export interface Headroom {
  /** Mean over queries of the best utility any candidate (or the controller) reached on that query. */
  oracle: number;
  bestFixed: { topology: string; utility: number };
  controller: number;
  /** (controller - best fixed) / (oracle - best fixed); null when the oracle is no better than the best fixed topology. */
  share: number | null;
  /** Queries on which some candidate beats the best fixed topology. */
  queriesWithHeadroom: number;
}

export function routingHeadroom({ candidates, controller }: HeadroomInput): Headroom {
  const n = controller.length;
  if (n === 0 || candidates.size === 0) throw new Error('routing headroom needs at least one query and one candidate');
  for (const [topology, utilities] of candidates) if (utilities.length !== n) throw new Error(`candidate ${topology}: ${utilities.length} utilities for ${n} queries`);
  const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const ranked = [...candidates.entries()].map(([topology, utilities]) => ({ topology, utility: mean(utilities) })).sort((a, b) => b.utility - a.utility || a.topology.localeCompare(b.topology));
  const bestFixed = ranked[0]!;
  const fixedUtilities = candidates.get(bestFixed.topology)!;
  const best = controller.map((own, q) => Math.max(own, ...[...candidates.values()].map((utilities) => utilities[q]!)));
  const oracle = mean(best);
  const ctrl = mean(controller);
  const gap = oracle - bestFixed.utility;
  return {
    oracle,
    bestFixed,
    controller: ctrl,
    share: gap > 1e-12 ? (ctrl - bestFixed.utility) / gap : null,
    queriesWithHeadroom: best.filter((value, q) => value > fixedUtilities[q]! + 1e-12).length,
  };
}
