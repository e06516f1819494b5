import { type Box, leaderEnd, placeLabels, segmentBoxes } from './place-labels.ts';
import { controllerFrontier } from './pareto-frontier.ts';
import { markerRadius, plotDomains, plotHeight, plotWidth } from './pareto-plot-area.ts';
import type { SweepPoint } from './sweep-points.ts';
import type { SweepRow } from './sweep-row.ts';

/** What a plotted point carries; accuracy is turned into percent once here rather than in an expression. */
export interface PlotDatum {
  name: string;
  kind: SweepRow['kind'];
  lambdaT: number | null;
  seedCount: number;
  /** Means over the point's seeds (the value itself for one seed). */
  cpTokensMean: number;
  accuracyPct: number;
  costPerQueryUsd: number;
  /** Min and max over the seeds: the error bars. */
  cpTokensMin: number;
  cpTokensMax: number;
  accuracyPctMin: number;
  accuracyPctMax: number;
  /** Position along the controllers' frontier, null off it. */
  frontierOrder: number | null;
  /** Label centre in data units (placed in pixels by placeLabels, mapped back through the fixed domains). */
  labelX: number;
  labelY: number;
  /** Whether the label was pushed away from its marker, so a leader line joins them. */
  leader: boolean;
  /** Where the leader line ends: the edge of the label's box, data units. */
  leaderX: number;
  leaderY: number;
}

/** The points with their frontier rank and label positions. */
export function plotData(points: readonly SweepPoint[]): PlotDatum[] {
  const base = points.map((point) => ({
    name: point.name,
    kind: point.kind,
    lambdaT: point.lambdaT,
    seedCount: point.seeds.length,
    cpTokensMean: point.spread.cpTokensMean.mean,
    accuracyPct: point.spread.accuracy.mean * 100,
    costPerQueryUsd: point.spread.costPerQueryUsd.mean,
    cpTokensMin: point.spread.cpTokensMean.min,
    cpTokensMax: point.spread.cpTokensMean.max,
    accuracyPctMin: point.spread.accuracy.min * 100,
    accuracyPctMax: point.spread.accuracy.max * 100,
  }));
  const frontier = controllerFrontier(base);
  const { x: xDomain, y: yDomain, size: sizeDomain } = plotDomains(points);
  const toPx = (value: number, [lo, hi]: [number, number], length: number) => ((value - lo) / (hi - lo)) * length;
  const fromPx = (px: number, [lo, hi]: [number, number], length: number) => lo + (px / length) * (hi - lo);
  const px = (cp: number, accuracyPct: number) => [toPx(cp, xDomain, plotWidth), plotHeight - toPx(accuracyPct, yDomain, plotHeight)] as const;
  // Labels keep off the error bars and the frontier line as well as off each other and the markers.
  const obstacles: Box[] = [];
  for (const datum of base) {
    if (datum.seedCount < 2) continue;
    obstacles.push(...segmentBoxes(...px(datum.cpTokensMin, datum.accuracyPct), ...px(datum.cpTokensMax, datum.accuracyPct)));
    obstacles.push(...segmentBoxes(...px(datum.cpTokensMean, datum.accuracyPctMin), ...px(datum.cpTokensMean, datum.accuracyPctMax)));
  }
  for (let i = 1; i < frontier.length; i++) {
    const [a, b] = [base[frontier[i - 1]!]!, base[frontier[i]!]!];
    obstacles.push(...segmentBoxes(...px(a.cpTokensMean, a.accuracyPct), ...px(b.cpTokensMean, b.accuracyPct)));
  }
  const markers = base.map((datum) => {
    const [x, y] = px(datum.cpTokensMean, datum.accuracyPct);
    return { x, y, r: markerRadius(datum.costPerQueryUsd, sizeDomain), text: datum.name };
  });
  const labels = placeLabels(markers, { width: plotWidth, height: plotHeight }, obstacles);
  return base.map((datum, index) => {
    const label = labels[index]!;
    const end = leaderEnd(markers[index]!, label);
    const rank = frontier.indexOf(index);
    return {
      ...datum,
      frontierOrder: rank < 0 ? null : rank,
      labelX: fromPx(label.cx, xDomain, plotWidth),
      labelY: fromPx(plotHeight - label.cy, yDomain, plotHeight),
      leader: label.ring > 0,
      leaderX: fromPx(end.x, xDomain, plotWidth),
      leaderY: fromPx(plotHeight - end.y, yDomain, plotHeight),
    };
  });
}
