/**
 * Label placement for the Pareto plot, in pixels of the plot area (x right, y down). Vega-Lite has
 * no label-collision transform and vega's `label` transform is not reachable from a Vega-Lite
 * spec, so the plot fixes its scale domains and places every label here, greedily: each next to
 * its marker where it overlaps no other label and no other marker and stays inside the plot area,
 * moving further out ring by ring when the near spots are taken (the plot then draws a leader
 * line). Thin lines (error bars, the frontier) are soft obstacles: a label avoids them when an
 * equally near spot is clear of them, but would rather cross one than move a ring further out.
 */

/** A label's box is estimated from its text, as no font is measured in a headless render. */
export const labelFontSize = 10;
/** Ems per character: above DejaVu Sans's widths of digits (0.64) and lower-case text (~0.5-0.6). */
const emPerChar = 0.66;
const labelPadding = 4;
export const labelHeight = 14;

export function labelWidth(text: string): number {
  return Math.ceil([...text].length * emPerChar * labelFontSize) + labelPadding;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface LabelledMarker {
  /** Marker centre, pixels. */
  x: number;
  y: number;
  /** Marker half-extent, pixels (its box is x ± r, y ± r). */
  r: number;
  text: string;
}

export interface PlacedLabel {
  /** Centre of the label's box, pixels; the text is drawn centred there. */
  cx: number;
  cy: number;
  box: Box;
  /** 0 = right beside the marker; more = pushed out, worth a leader line. */
  ring: number;
}

export interface PlotArea {
  width: number;
  height: number;
}

const gap = 3;
const rings = 12;
/** What moving one ring out costs, in square pixels of soft overlap (crossing a line costs ~16). */
const ringCost = 40;
/** Overlapping a label, a marker or the plot's edge costs more than any distance or line crossing. */
const hardCost = 1e6;

export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  return w > 0 && h > 0 ? w * h : 0;
}

export function labelBox(cx: number, cy: number, text: string): Box {
  const w = labelWidth(text);
  return { x0: cx - w / 2, y0: cy - labelHeight / 2, x1: cx + w / 2, y1: cy + labelHeight / 2 };
}

/** Thin boxes along a segment, so a label can keep off a drawn line. */
export function segmentBoxes(x0: number, y0: number, x1: number, y1: number, halfWidth = 1): Box[] {
  const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / 4));
  const boxes: Box[] = [];
  for (let step = 0; step <= steps; step++) {
    const x = x0 + ((x1 - x0) * step) / steps;
    const y = y0 + ((y1 - y0) * step) / steps;
    boxes.push({ x0: x - halfWidth, y0: y - halfWidth, x1: x + halfWidth, y1: y + halfWidth });
  }
  return boxes;
}

/**
 * Places one label per marker, avoiding the other markers, the labels already placed and the
 * plot's edges (hard) and `lines` (soft). Deterministic: the same input gives the same positions.
 */
export function placeLabels(markers: readonly LabelledMarker[], area: PlotArea, lines: readonly Box[] = []): PlacedLabel[] {
  const markerBoxes = markers.map((m) => ({ x0: m.x - m.r, y0: m.y - m.r, x1: m.x + m.r, y1: m.y + m.r }));
  const placed: PlacedLabel[] = new Array(markers.length);
  // Markers high on the chart (more accurate) choose first, then left to right.
  const order = markers.map((_, index) => index).sort((a, b) => markers[a]!.y - markers[b]!.y || markers[a]!.x - markers[b]!.x || a - b);
  const taken: Box[] = [];
  for (const index of order) {
    let best: { label: PlacedLabel; cost: number } | undefined;
    for (const label of candidates(markers[index]!, area)) {
      // Candidates come nearest first, so once a ring's cost alone exceeds the best, stop.
      if (best && label.ring * ringCost >= best.cost) break;
      let hard = outside(label.box, area);
      for (const box of taken) hard += overlapArea(label.box, box);
      markerBoxes.forEach((box, other) => {
        if (other !== index) hard += overlapArea(label.box, box);
      });
      let soft = 0;
      for (const box of lines) soft += overlapArea(label.box, box);
      const cost = (hard > 0 ? hardCost + hard : 0) + soft + label.ring * ringCost;
      if (!best || cost < best.cost) best = { label, cost };
    }
    placed[index] = best!.label;
    taken.push(best!.label.box);
  }
  return placed;
}

/** Area of the box outside the plot area. */
function outside(box: Box, area: PlotArea): number {
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const inside = Math.max(0, Math.min(box.x1, area.width) - Math.max(box.x0, 0)) * Math.max(0, Math.min(box.y1, area.height) - Math.max(box.y0, 0));
  return w * h - inside;
}

/** Spots around a marker, nearest first: above, below, right, left, the four diagonals; then further out. */
function* candidates(marker: LabelledMarker, area: PlotArea): Generator<PlacedLabel> {
  const w = labelWidth(marker.text);
  const h = labelHeight;
  // Above and below may slide sideways to stay inside the plot; they stay clear of the marker.
  const clampX = (cx: number) => Math.min(Math.max(cx, w / 2), Math.max(w / 2, area.width - w / 2));
  for (let ring = 0; ring < rings; ring++) {
    const out = gap + ring * (h + 1);
    const side = gap + ring * (h + 1) * 1.5;
    const spots: [number, number][] = [
      [clampX(marker.x), marker.y - marker.r - out - h / 2],
      [clampX(marker.x), marker.y + marker.r + out + h / 2],
      [marker.x + marker.r + side + w / 2, marker.y],
      [marker.x - marker.r - side - w / 2, marker.y],
      [marker.x + marker.r * 0.7 + side + w / 2, marker.y - marker.r * 0.7 - out - h / 2],
      [marker.x - marker.r * 0.7 - side - w / 2, marker.y - marker.r * 0.7 - out - h / 2],
      [marker.x + marker.r * 0.7 + side + w / 2, marker.y + marker.r * 0.7 + out + h / 2],
      [marker.x - marker.r * 0.7 - side - w / 2, marker.y + marker.r * 0.7 + out + h / 2],
    ];
    for (const [cx, cy] of spots) yield { cx, cy, box: labelBox(cx, cy, marker.text), ring };
  }
}

/** Where a leader line from the marker centre meets the label's box (its end, so it stops short of the text). */
export function leaderEnd(marker: { x: number; y: number }, label: PlacedLabel): { x: number; y: number } {
  const dx = label.cx - marker.x;
  const dy = label.cy - marker.y;
  const halfW = (label.box.x1 - label.box.x0) / 2;
  const halfH = (label.box.y1 - label.box.y0) / 2;
  const t = Math.min(dx === 0 ? Infinity : halfW / Math.abs(dx), dy === 0 ? Infinity : halfH / Math.abs(dy), 1);
  return { x: label.cx - dx * t, y: label.cy - dy * t };
}
