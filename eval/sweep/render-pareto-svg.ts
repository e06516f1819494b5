import { type LoggerInterface, parse, scale, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { type Box, labelFontSize, leaderEnd, placeLabels, segmentBoxes } from './place-labels.ts';
import { aggregateSweepRows, type SweepPoint } from './sweep-points.ts';
import { parseSweepRows, type SweepRow } from './sweep-row.ts';

export interface ParetoSvgOptions {
  /** Main chart title, e.g. "LAMaS sweep". */
  title: string;
  /** Task name shown beside the title, e.g. "gsm8k". */
  task: string;
}

/** Fixed kind order so colours and shapes do not swap when a sweep has only one kind. */
const kindDomain = ['controller', 'baseline'];
const kindColors = ['#4c78a8', '#f58518'];
const kindShapes = ['circle', 'square'];

/** The plot area in pixels (Vega-Lite's width and height: the axes and legends come on top). */
export const plotWidth = 560;
export const plotHeight = 380;
/** Pixels kept free between the outermost markers and the axes. */
const edgePadding = 28;
/** Marker area in square pixels, from no cost to the largest cost per query. */
const sizeRange: [number, number] = [20, 600];

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

/**
 * The LAMaS paper's Figure 2 for any task: accuracy against mean critical-path tokens, marker
 * area = cost per query, colour and shape = controller vs baseline, a label per point placed so
 * that no two overlap, and a line along the controllers' Pareto frontier (the controller points
 * no other controller point beats on both accuracy and CP tokens), in CP-token order. With
 * several seeds a marker is the mean over them and error bars span their min and max.
 *
 * Rendered headlessly (vega's renderer 'none' + toSVG: no browser, no canvas package, text widths
 * estimated), and the SVG is made byte-identical for identical rows — see normaliseSvgIds.
 */
export async function renderParetoSvg(rows: readonly SweepRow[], options: ParetoSvgOptions): Promise<string> {
  const spec = paretoSpec(parseSweepRows(rows), options);
  const logger = new CollectingLogger();
  const { spec: vegaSpec } = compile(spec, { logger });
  if (logger.messages.length > 0) {
    // The spec is ours and fixed, so a vega-lite warning means a bug here, not bad input.
    throw new Error(`pareto chart spec: ${logger.messages.join('; ')}`);
  }
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    return normaliseSvgIds(await view.toSVG());
  } finally {
    view.finalize();
  }
}

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

/** The Vega-Lite spec, exported so callers can also save it (e.g. pareto.vl.json) for re-styling. */
export function paretoSpec(rows: readonly SweepRow[], { title, task }: ParetoSvgOptions): TopLevelSpec {
  const points = aggregateSweepRows(rows);
  const values = plotData(points);
  const simulated = rows.some((row) => row.simulated);
  const backends = [...new Set(rows.map((row) => row.backend))].sort();
  const maxSeeds = Math.max(0, ...points.map((point) => point.seeds.length));
  const subtitle = [
    ...(simulated ? ['Simulated backend: these figures come from the simulator, not from real model calls.'] : []),
    ...(backends.length > 0 ? [`backend: ${backends.join(', ')}`] : []),
    ...(maxSeeds > 1 ? [`markers: mean over ${maxSeeds} seeds (${[...new Set(points.flatMap((point) => point.seeds))].join(', ')}); bars: min to max over the seeds`] : []),
  ];
  const { x: xDomain, y: yDomain, size: sizeDomain } = domains(points);

  // Fixed domains (no nice, no zero, no padding added by vega): labels are placed in pixels by
  // this file, which needs the exact data-to-pixel mapping vega will use.
  const xScale = { domain: xDomain, nice: false, zero: false } as const;
  const yScale = { domain: yDomain, nice: false, zero: false } as const;
  const xTitle = 'Mean critical-path tokens';
  const yTitle = 'Accuracy (%)';
  const x = { field: 'cpTokensMean', type: 'quantitative', title: xTitle, scale: xScale } as const;
  const y = { field: 'accuracyPct', type: 'quantitative', title: yTitle, scale: yScale } as const;

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `${title}: ${task}${simulated ? ' (simulated)' : ''}`, ...(subtitle.length > 0 ? { subtitle } : {}) },
    width: plotWidth,
    height: plotHeight,
    background: 'white',
    data: { values: values as unknown as Record<string, unknown>[] },
    layer: [
      {
        // A label pushed away from its marker is joined to it; drawn first, so the marker covers its end.
        transform: [{ filter: 'datum.leader' }],
        mark: { type: 'rule', color: '#999', strokeWidth: 0.75 },
        encoding: { x, y, x2: { field: 'leaderX' }, y2: { field: 'leaderY' } },
      },
      {
        transform: [{ filter: 'datum.seedCount > 1' }],
        mark: { type: 'rule', strokeWidth: 1.25, opacity: 0.7 },
        encoding: {
          x: { ...x, field: 'cpTokensMin' },
          x2: { field: 'cpTokensMax' },
          y,
          color: { field: 'kind', type: 'nominal', title: 'Kind', scale: { domain: kindDomain, range: kindColors } },
        },
      },
      {
        transform: [{ filter: 'datum.seedCount > 1' }],
        mark: { type: 'rule', strokeWidth: 1.25, opacity: 0.7 },
        encoding: {
          x,
          y: { ...y, field: 'accuracyPctMin' },
          y2: { field: 'accuracyPctMax' },
          color: { field: 'kind', type: 'nominal', title: 'Kind', scale: { domain: kindDomain, range: kindColors } },
        },
      },
      {
        // The controllers' frontier, not the lambda_t order: a sweep's points need not be monotone.
        transform: [{ filter: 'datum.frontierOrder !== null' }],
        mark: { type: 'line', color: kindColors[0], strokeWidth: 1.5, opacity: 0.6 },
        encoding: { x, y, order: { field: 'frontierOrder', type: 'quantitative' } },
      },
      {
        mark: { type: 'point', filled: true, opacity: 0.85 },
        encoding: {
          x,
          y,
          size: {
            field: 'costPerQueryUsd',
            type: 'quantitative',
            title: 'Cost per query (USD)',
            // Area from zero so marker area stays proportional to spend.
            scale: { domain: sizeDomain, zero: true, nice: false, range: sizeRange },
          },
          color: { field: 'kind', type: 'nominal', title: 'Kind', scale: { domain: kindDomain, range: kindColors } },
          shape: { field: 'kind', type: 'nominal', title: 'Kind', scale: { domain: kindDomain, range: kindShapes } },
        },
      },
      {
        mark: { type: 'text', fontSize: labelFontSize, color: '#333', align: 'center', baseline: 'middle' },
        encoding: { x: { ...x, field: 'labelX' }, y: { ...y, field: 'labelY' }, text: { field: 'name', type: 'nominal' } },
      },
    ],
  };
}

/** The points with their frontier rank and label positions. */
function plotData(points: readonly SweepPoint[]): PlotDatum[] {
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
  const { x: xDomain, y: yDomain, size: sizeDomain } = domains(points);
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

/** Half the extent of a marker: a circle's radius (a square of the same area is smaller). */
function markerRadius(cost: number, [, max]: [number, number]): number {
  const area = sizeRange[0] + (Math.min(cost, max) / max) * (sizeRange[1] - sizeRange[0]);
  return Math.sqrt(area / Math.PI);
}

/**
 * Axis domains covering every marker and error bar with `edgePadding` pixels to spare, then
 * rounded outwards to nice numbers (d3's nice, as vega would); the size domain runs from 0 to the
 * largest mean cost per query.
 */
function domains(points: readonly SweepPoint[]): { x: [number, number]; y: [number, number]; size: [number, number] } {
  const xs = points.flatMap((point) => [point.spread.cpTokensMean.min, point.spread.cpTokensMean.max]);
  const ys = points.flatMap((point) => [point.spread.accuracy.min * 100, point.spread.accuracy.max * 100]);
  const maxCost = Math.max(0, ...points.map((point) => point.spread.costPerQueryUsd.mean));
  // Neither axis runs past what its quantity can be (no negative tokens, no 101 % accuracy).
  return { x: paddedDomain(xs, plotWidth, [0, Infinity]), y: paddedDomain(ys, plotHeight, [0, 100]), size: [0, maxCost > 0 ? maxCost : 1] };
}

function paddedDomain(values: readonly number[], length: number, [floor, ceiling]: [number, number]): [number, number] {
  if (values.length === 0) return [0, 1];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi - lo < 1e-9 * Math.max(1, Math.abs(hi))) {
    const half = Math.max(Math.abs(hi) * 0.05, 1);
    lo -= half;
    hi += half;
  }
  const perPixel = (hi - lo) / (length - 2 * edgePadding);
  const nice = scale('linear')().domain([lo - edgePadding * perPixel, hi + edgePadding * perPixel]).nice().domain() as [number, number];
  return [Math.max(nice[0], Math.min(floor, lo)), Math.min(nice[1], Math.max(ceiling, hi))];
}

/**
 * vega numbers clip paths and gradients from module-level counters ("clip1", "gradient_0"), so a
 * second render in the same process would get different ids. Renumber every id in order of first
 * appearance and rewrite its references, which keeps the SVG valid and the bytes stable. This is
 * safer than vega's resetSVGDefIds(), which races when renders overlap across awaits.
 */
export function normaliseSvgIds(svg: string): string {
  const renamed = new Map<string, string>();
  const withIds = svg.replace(/\bid="([^"]*)"/g, (_match, id: string) => {
    let next = renamed.get(id);
    if (next === undefined) {
      next = `lamas-def-${renamed.size}`;
      renamed.set(id, next);
    }
    return `id="${next}"`;
  });
  if (renamed.size === 0) return withIds;
  return withIds.replace(/(url\(#|href="#)([^)"]*)/g, (match, prefix: string, id: string) => {
    const next = renamed.get(id);
    return next === undefined ? match : `${prefix}${next}`;
  });
}

/**
 * A vega-lite logger that keeps warnings and errors instead of printing them, so they can fail the
 * render; a class because LoggerInterface's methods return `this`.
 */
class CollectingLogger implements LoggerInterface {
  readonly messages: string[] = [];
  #level = 0;

  level(): number;
  level(value: number): this;
  level(value?: number): number | this {
    if (value === undefined) return this.#level;
    this.#level = value;
    return this;
  }

  error(...args: unknown[]): this {
    this.messages.push(args.map(String).join(' '));
    return this;
  }

  warn(...args: unknown[]): this {
    this.messages.push(args.map(String).join(' '));
    return this;
  }

  info(): this {
    return this;
  }

  debug(): this {
    return this;
  }
}
