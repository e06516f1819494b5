import { scale } from 'vega';
import type { SweepPoint } from './sweep-points.ts';

/** The plot area in pixels (Vega-Lite's width and height: the axes and legends come on top). */
export const plotWidth = 560;
export const plotHeight = 380;
/** Pixels kept free between the outermost markers and the axes. */
const edgePadding = 28;
/** Marker area in square pixels, from no cost to the largest cost per query. */
export const sizeRange: [number, number] = [20, 600];

/** Data-unit ranges of the two axes and of the marker-size scale. */
export interface PlotDomains {
  x: [number, number];
  y: [number, number];
  size: [number, number];
}

/**
 * Axis domains covering every marker and error bar with `edgePadding` pixels to spare, then
 * rounded outwards to nice numbers (d3's nice, as vega would); the size domain runs from 0 to the
 * largest mean cost per query.
 */
export function plotDomains(points: readonly SweepPoint[]): PlotDomains {
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

/** Half the extent of a marker: a circle's radius (a square of the same area is smaller). */
export function markerRadius(cost: number, [, max]: [number, number]): number {
  const area = sizeRange[0] + (Math.min(cost, max) / max) * (sizeRange[1] - sizeRange[0]);
  return Math.sqrt(area / Math.PI);
}
