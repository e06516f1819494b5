import type { SweepRow } from './sweep-row.ts';

/**
 * Indices of the controller points on the Pareto frontier (higher accuracy and fewer CP tokens
 * are better), ordered by CP tokens. A point is off it when another controller point is at least
 * as good on both and better on one.
 */
export function controllerFrontier(points: readonly { kind: SweepRow['kind']; cpTokensMean: number; accuracyPct: number }[]): number[] {
  const controllers = points.flatMap((point, index) => (point.kind === 'controller' ? [index] : []));
  const onFrontier = controllers.filter((i) => {
    const p = points[i]!;
    return !controllers.some((j) => {
      const q = points[j]!;
      return q.accuracyPct >= p.accuracyPct && q.cpTokensMean <= p.cpTokensMean && (q.accuracyPct > p.accuracyPct || q.cpTokensMean < p.cpTokensMean);
    });
  });
  return onFrontier.sort((a, b) => points[a]!.cpTokensMean - points[b]!.cpTokensMean || points[a]!.accuracyPct - points[b]!.accuracyPct || a - b);
}
