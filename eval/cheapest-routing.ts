/**
 * The shortest critical path any per-query routing over a candidate set can reach while keeping an
 * accuracy floor (issue 14: is a "38% shorter at most 1 point less accurate" goal reachable at all
 * from a given starting point?). Per query only two choices matter: its cheapest candidate, and its
 * cheapest correct one; any other is dominated. Starting from every query's cheapest candidate,
 * the floor is met by switching the queries whose cheapest correct candidate costs the least extra,
 * which is exact: every switch adds one correct answer, so the k cheapest switches are optimal.
 */
export interface RoutedOutcome {
  correct: boolean;
  cpTokens: number;
}

export interface CheapestRouting {
  /** Mean CP tokens of the cheapest routing that meets the floor; null when no routing meets it. */
  meanCp: number | null;
  /** Its accuracy (a fraction); null with meanCp. */
  accuracy: number | null;
  /** Mean CP tokens when every query takes its cheapest candidate, right or wrong (no floor). */
  floorlessMeanCp: number;
}

/** `candidates`: per candidate, the outcome on every query in one fixed order; `minAccuracy`: a fraction. */
export function cheapestRouting(candidates: ReadonlyMap<string, readonly RoutedOutcome[]>, minAccuracy: number): CheapestRouting {
  const lists = [...candidates.values()];
  const n = lists[0]?.length ?? 0;
  if (n === 0) throw new Error('cheapest routing needs at least one query and one candidate');
  for (const [name, outcomes] of candidates) if (outcomes.length !== n) throw new Error(`candidate ${name}: ${outcomes.length} outcomes for ${n} queries`);
  let base = 0;
  let correct = 0;
  const switches: number[] = [];
  for (let q = 0; q < n; q++) {
    const options = lists.map((outcomes) => outcomes[q]!);
    const cheapest = Math.min(...options.map((o) => o.cpTokens));
    const cheapestCorrect = Math.min(...options.filter((o) => o.correct).map((o) => o.cpTokens));
    base += cheapest;
    // A correct candidate as cheap as the cheapest is taken for free.
    if (cheapestCorrect === cheapest) correct++;
    else if (Number.isFinite(cheapestCorrect)) switches.push(cheapestCorrect - cheapest);
  }
  const needed = Math.max(0, Math.ceil(minAccuracy * n - 1e-9) - correct);
  if (needed > switches.length) return { meanCp: null, accuracy: null, floorlessMeanCp: base / n };
  const extra = switches.sort((a, b) => a - b).slice(0, needed).reduce((a, b) => a + b, 0);
  return { meanCp: (base + extra) / n, accuracy: (correct + needed) / n, floorlessMeanCp: base / n };
}
