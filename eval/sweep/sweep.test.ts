import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  aggregateSweepRows,
  boxesOverlap,
  controllerFrontier,
  labelBox,
  labelWidth,
  normaliseSvgIds,
  parseSweepRows,
  renderParetoSvg,
  renderPng,
  seedSpreadColumns,
  type SweepRow,
  sweepColumns,
  sweepCsv,
  writeSweepCsv,
} from './index.ts';

const common = {
  cpWallMsMean: 4210.5,
  costUsd: 0.1234,
  n: 100,
  simulated: true,
  backend: 'sim:gpt-4o-mini',
  seed: 7,
} as const;

const noAdaptivity = { rules: null, distinctTopologies: null, topologyEntropyBits: null, mostCommonShare: null, mostCommonAccuracy: null, mostCommonCpTokensMean: null } as const;

function controller(lambdaT: number, accuracy: number, cpTokensMean: number, costPerQueryUsd: number): SweepRow {
  return {
    ...common,
    name: `lamas λt=${lambdaT}`,
    kind: 'controller',
    lambdaT,
    lambdaC: 0.001,
    accuracy,
    cpTokensMean,
    cpTokensP95: cpTokensMean * 1.8,
    costPerQueryUsd,
    checkpoint: `runs/sweep/lt-${lambdaT}`,
    rules: 'lamas',
    distinctTopologies: 3,
    topologyEntropyBits: 1.25,
    mostCommonShare: 0.5,
    mostCommonAccuracy: accuracy,
    mostCommonCpTokensMean: cpTokensMean * 1.1,
  };
}

function baseline(name: string, accuracy: number, cpTokensMean: number, costPerQueryUsd: number): SweepRow {
  return {
    ...common,
    name,
    kind: 'baseline',
    lambdaT: null,
    lambdaC: null,
    accuracy,
    cpTokensMean,
    cpTokensP95: cpTokensMean * 1.5,
    costPerQueryUsd,
    checkpoint: null,
    ...noAdaptivity,
  };
}

// Deliberately out of lambda_t order; λt=0.001 is dominated (less accurate and slower than λt=0.005).
const rows: SweepRow[] = [
  controller(0.005, 0.918, 912.25, 0.00091),
  controller(0, 0.925, 1500.5, 0.0012),
  controller(0.02, 0.88, 600, 0.0006),
  controller(0.001, 0.1 + 0.2 - 0.0000001, 1203.125, 0.001), // an unround double
  baseline('cot', 0.87, 400, 0.0003),
  baseline('cot-sc', 0.91, 450, 0.0015),
];

const options = { title: 'LAMaS sweep', task: 'gsm8k' };

/** Minimal RFC 4180 reader: enough for quoted cells with commas, quotes and newlines. */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      record.push(cell);
      cell = '';
    } else if (char === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
    } else {
      cell += char;
    }
  }
  if (cell !== '' || record.length > 0) records.push([...record, cell]);
  return records;
}

/** Inverse of sweepCsv's encoding, driven by the schema's field kinds. */
function rowFromCells(header: string[], cells: string[]): unknown {
  const adaptivity = ['distinctTopologies', 'topologyEntropyBits', 'mostCommonShare', 'mostCommonAccuracy', 'mostCommonCpTokensMean'];
  const numeric = new Set(['lambdaT', 'lambdaC', 'accuracy', 'cpTokensMean', 'cpTokensP95', 'cpWallMsMean', 'costUsd', 'costPerQueryUsd', 'n', 'seed', ...adaptivity]);
  const nullable = new Set(['lambdaT', 'lambdaC', 'checkpoint', 'rules', ...adaptivity]);
  return Object.fromEntries(
    header.map((column, index) => {
      const cell = cells[index] ?? '';
      if (nullable.has(column) && cell === '') return [column, null];
      if (numeric.has(column)) return [column, Number(cell)];
      if (column === 'simulated') return [column, cell === 'true'];
      return [column, cell];
    }),
  );
}

/** Checks tags nest and close properly (no XML parser is installed; vega writes no comments/CDATA). */
function assertBalancedTags(svg: string): void {
  const stack: string[] = [];
  for (const match of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, closing, tag, selfClosing] = match;
    if (selfClosing) continue;
    if (closing) expect(stack.pop()).toBe(tag);
    else stack.push(tag ?? '');
  }
  expect(stack).toEqual([]);
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('sweepRowSchema', () => {
  it('accepts controller and baseline rows', () => {
    expect(parseSweepRows(rows)).toEqual(rows);
  });

  it('rejects a controller without lambdaT, a baseline with one, and non-finite numbers', () => {
    expect(() => parseSweepRows([{ ...controller(0, 0.5, 1, 1), lambdaT: null }])).toThrow(/sweep row 0.*lambdaT/s);
    expect(() => parseSweepRows([rows[0], { ...baseline('cot', 0.5, 1, 1), lambdaT: 0.1 }])).toThrow(/sweep row 1/);
    expect(() => parseSweepRows([{ ...baseline('cot', 0.5, 1, 1), cpTokensMean: Number.NaN }])).toThrow(/cpTokensMean/);
    expect(() => parseSweepRows([{ ...baseline('cot', 1.5, 1, 1) }])).toThrow(/accuracy/);
    expect(() => parseSweepRows([{ ...baseline('cot', 0.5, 1, 1), extra: 1 }])).toThrow();
  });
});

describe('sweepCsv', () => {
  it('writes a header in the fixed column order and one record per row', () => {
    const records = readCsv(sweepCsv(rows));
    expect(records[0]).toEqual([...sweepColumns]);
    expect(records).toHaveLength(rows.length + 1);
    expect(records.map((record) => record.length)).toEqual(records.map(() => sweepColumns.length));
  });

  it('round-trips every field exactly, numbers unrounded, null as an empty cell', () => {
    const [header = [], ...body] = readCsv(sweepCsv(rows));
    expect(body.map((cells) => rowFromCells(header, cells))).toEqual(rows);
    const text = sweepCsv(rows);
    expect(text).toContain(String(0.1 + 0.2 - 0.0000001));
    expect(text).toContain('0.00091');
    expect(body[4]?.[header.indexOf('lambdaT')]).toBe('');
    expect(body[0]?.[header.indexOf('simulated')]).toBe('true');
  });

  it('quotes names with commas, quotes and newlines so they still round-trip', () => {
    const odd = [{ ...baseline('cot-sc, "k=5"\nvote', 0.5, 10, 0.01) }];
    const [header = [], ...body] = readCsv(sweepCsv(odd));
    expect(body.map((cells) => rowFromCells(header, cells))).toEqual(odd);
  });

  it('writes only a header for no rows, and rejects invalid rows', () => {
    expect(sweepCsv([])).toBe(`${sweepColumns.join(',')}\n`);
    expect(() => sweepCsv([{ ...baseline('x', 2, 1, 1) }])).toThrow(/accuracy/);
  });
});

describe('writeSweepCsv', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes the same text atomically, creating the directory and leaving no temp file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'lamas-sweep-'));
    const path = join(dir, 'out', 'sweep.csv');
    await writeSweepCsv(path, rows);
    expect(await readFile(path, 'utf8')).toBe(sweepCsv(rows));
    expect(await readdir(join(dir, 'out'))).toEqual(['sweep.csv']);
  });
});

describe('renderParetoSvg', () => {
  it('renders a well-formed SVG with axis titles, one symbol and one label per row', async () => {
    const svg = await renderParetoSvg(rows, options);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    assertBalancedTags(svg);
    expect(svg).toContain('>Mean critical-path tokens</text>');
    expect(svg).toContain('>Accuracy (%)</text>');
    expect(svg).toContain('LAMaS sweep: gsm8k');
    expect(count(svg, 'aria-roledescription="point"')).toBe(rows.length);
    expect(count(svg, 'aria-roledescription="text mark"')).toBe(rows.length);
    for (const row of rows) expect(svg).toContain(`>${row.name}</text>`);
  });

  it('uses colour and shape per kind and sizes markers by cost per query', async () => {
    const svg = await renderParetoSvg(rows, options);
    const points = [...svg.matchAll(/aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="point"[^>]*d="([^"]*)" fill="([^"]*)"/g)];
    expect(points).toHaveLength(rows.length);
    const fills = new Map(points.map(([, label = '', , fill]) => [label.includes('Kind: baseline') ? 'baseline' : 'controller', fill]));
    expect(fills.size).toBe(2);
    expect(fills.get('baseline')).not.toBe(fills.get('controller'));
    // Circles for controllers (arc paths), squares for baselines (h/v paths).
    for (const [, label = '', path = ''] of points) {
      expect(path.includes('A')).toBe(label.includes('Kind: controller'));
    }
    expect(svg).toContain("legend titled 'Cost per query (USD)' for size");
    // cot-sc is the most expensive row, so it has the largest marker.
    const halfWidth = (path: string) => Math.abs(Number(/^M(-?[\d.]+)/.exec(path)?.[1]));
    const sizes = points.map(([, label = '', path = '']) => ({ label, size: halfWidth(path) }));
    const largest = sizes.reduce((a, b) => (b.size > a.size ? b : a));
    expect(largest.label).toContain('Cost per query (USD): 0.0015');
  });

  it('draws the controllers\' Pareto frontier in CP-token order, leaving out dominated points (issue 17: no λt zig-zag)', async () => {
    const svg = await renderParetoSvg(rows, options);
    const line = /aria-roledescription="line mark" d="M([^"]*)"/.exec(svg)?.[1] ?? '';
    const vertices = line.split('L').map((pair) => pair.split(',').map(Number));
    const pointAt = new Map(
      [...svg.matchAll(/aria-label="[^"]*Kind: controller[^"]*" role="graphics-symbol" aria-roledescription="point" transform="translate\(([^,]+),([^)]+)\)/g)].map(
        ([, x = '', y = '']) => [Math.round(Number(x)), Math.round(Number(y))],
      ),
    );
    expect(pointAt.size).toBe(4);
    // λt = 0.02 (600), 0.005 (912.25), 0 (1500.5): left to right, each more accurate (smaller y).
    expect(vertices).toHaveLength(3);
    const xs = vertices.map(([x = 0]) => x);
    const ys = vertices.map(([, y = 0]) => y);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(ys).toEqual([...ys].sort((a, b) => b - a));
    for (const [x = 0, y = 0] of vertices) expect(pointAt.get(Math.round(x))).toBe(Math.round(y));
    // The dominated λt = 0.001 point (1203.125 tokens) is a marker but not on the line.
    const dominatedX = [...pointAt.keys()].sort((a, b) => a - b)[2]!;
    expect(xs.map(Math.round)).not.toContain(dominatedX);
  });

  it('places labels so that no two overlap and none covers another marker, even for close points', async () => {
    const close: SweepRow[] = [
      controller(0, 0.93, 500, 0.001),
      controller(0.001, 0.931, 502, 0.001),
      controller(0.005, 0.929, 498, 0.0011),
      controller(0.02, 0.93, 505, 0.0009),
      baseline('generate', 0.928, 501, 0.0005),
      baseline('cot', 0.932, 499, 0.0006),
      baseline('cot-sc', 0.95, 800, 0.002),
    ];
    const svg = await renderParetoSvg(close, options);
    // Labels are centred (text-anchor middle, baseline middle: vega draws the baseline 0.3 em below the centre).
    const labels = [...svg.matchAll(/aria-roledescription="text mark" text-anchor="middle" transform="translate\(([^,]+),([^)]+)\)"[^>]*font-size="10px"[^>]*>([^<]*)<\/text>/g)].map(
      ([, x = '', y = '', text = '']) => ({ text, box: labelBox(Number(x), Number(y) - 3, text) }),
    );
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) expect(boxesOverlap(labels[i]!.box, labels[j]!.box), `${labels[i]!.text} / ${labels[j]!.text}`).toBe(false);
    }
    // Markers and labels are drawn in the same (data) order, so the i-th marker is the i-th label's own.
    const markers = [...svg.matchAll(/role="graphics-symbol" aria-roledescription="point" transform="translate\(([^,]+),([^)]+)\)" d="M(-?[\d.]+)/g)].map(([, x = '', y = '', left = '']) => {
      const r = Math.abs(Number(left));
      return { x0: Number(x) - r, y0: Number(y) - r, x1: Number(x) + r, y1: Number(y) + r };
    });
    expect(markers).toHaveLength(close.length);
    labels.forEach((label, i) => {
      expect(label.text).toBe(close[i]!.name);
      markers.forEach((marker, j) => {
        if (i !== j) expect(boxesOverlap(label.box, marker), `${label.text} over the marker of ${close[j]!.name}`).toBe(false);
      });
    });
    // The width estimate is not optimistic for the plot's font (DejaVu Sans: about 0.6 em a character).
    expect(labelWidth('lamas λt=0.005')).toBeGreaterThanOrEqual(0.6 * 10 * 14);
  });

  it('gives byte-identical output for the same rows, and no element ids', async () => {
    const first = await renderParetoSvg(rows, options);
    const [second, third] = await Promise.all([renderParetoSvg(rows, options), renderParetoSvg([...rows], options)]);
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(first).not.toMatch(/\bid="/);
  });

  it('says "simulated" in the title only when some row is simulated', async () => {
    const simulated = await renderParetoSvg(rows, options);
    expect(simulated).toContain('LAMaS sweep: gsm8k (simulated)');
    expect(simulated).toMatch(/Simulated backend/);
    const real = rows.map((row) => ({ ...row, simulated: false, backend: 'openai:gpt-4o-mini' }));
    const svg = await renderParetoSvg(real, options);
    expect(svg).not.toMatch(/simulated/i);
    expect(svg).toContain('backend: openai:gpt-4o-mini');
    const mixed = await renderParetoSvg([...real.slice(1), { ...rows[0]!, simulated: true }], options);
    expect(mixed).toContain('(simulated)');
  });

  it('escapes names that are not XML-safe', async () => {
    const svg = await renderParetoSvg([baseline('a<b & "c"', 0.5, 10, 0.01)], options);
    assertBalancedTags(svg);
    expect(svg).toContain('a&lt;b &amp;');
  });

  it('renders an empty sweep and a single-point sweep without throwing', async () => {
    expect((await renderParetoSvg([], options)).startsWith('<svg')).toBe(true);
    const one = await renderParetoSvg([controller(0.005, 0.9, 800, 0.001)], options);
    expect(count(one, 'aria-roledescription="point"')).toBe(1);
  });
});

describe('normaliseSvgIds', () => {
  it('renumbers ids in order of appearance and rewrites url(#) and href references', () => {
    const a = '<svg><defs><clipPath id="clip7"/><linearGradient id="gradient_3"/></defs><g clip-path="url(#clip7)" fill="url(#gradient_3)"/><use href="#clip7"/></svg>';
    const b = a.replaceAll('clip7', 'clip12').replaceAll('gradient_3', 'gradient_9');
    expect(normaliseSvgIds(a)).toBe(normaliseSvgIds(b));
    expect(normaliseSvgIds(a)).toBe(
      '<svg><defs><clipPath id="lamas-def-0"/><linearGradient id="lamas-def-1"/></defs><g clip-path="url(#lamas-def-0)" fill="url(#lamas-def-1)"/><use href="#lamas-def-0"/></svg>',
    );
  });
});

describe('several seeds (issue 17: sweep --seeds)', () => {
  const seeded = (row: SweepRow, seed: number, accuracy: number, cpTokensMean: number, costPerQueryUsd: number, cpWallMsMean: number): SweepRow => ({
    ...row,
    seed,
    accuracy,
    cpTokensMean,
    cpTokensP95: cpTokensMean * 1.8,
    costPerQueryUsd,
    costUsd: costPerQueryUsd * 100,
    cpWallMsMean,
  });
  const lamas = controller(0, 0.9, 700, 0.001);
  const fast = controller(0.005, 0.9, 500, 0.0008);
  const cot = baseline('cot', 0.9, 350, 0.0003);
  // Per point and seed, in run order: λt=0 (acc 92/93/94), λt=0.005 (90/90.5/91), cot (90/89/88).
  const rows: SweepRow[] = [
    seeded(lamas, 0, 0.92, 700, 0.001, 4000),
    seeded(lamas, 1, 0.93, 740, 0.0011, 4100),
    seeded(lamas, 2, 0.94, 780, 0.0012, 4500),
    seeded(fast, 0, 0.9, 500, 0.0008, 3000),
    seeded(fast, 1, 0.905, 470, 0.0008, 3100),
    seeded(fast, 2, 0.91, 440, 0.0008, 3200),
    seeded(cot, 0, 0.9, 350, 0.0003, 1000),
    seeded(cot, 1, 0.89, 355, 0.0003, 1000),
    seeded(cot, 2, 0.88, 360, 0.0003, 1000),
  ];

  it('groups rows into points with mean, min and max per metric', () => {
    const points = aggregateSweepRows(rows);
    expect(points.map((point) => [point.name, point.seeds])).toEqual([
      ['lamas λt=0', [0, 1, 2]],
      ['lamas λt=0.005', [0, 1, 2]],
      ['cot', [0, 1, 2]],
    ]);
    expect(points[0]!.spread.accuracy.mean).toBeCloseTo(0.93, 12);
    expect(points[0]!.spread.accuracy).toMatchObject({ min: 0.92, max: 0.94 });
    expect(points[0]!.spread.cpTokensMean).toEqual({ mean: 740, min: 700, max: 780 });
    expect(points[0]!.spread.cpWallMsMean).toMatchObject({ min: 4000, max: 4500 });
    expect(points[2]!.spread.costPerQueryUsd).toEqual({ mean: 0.0003, min: 0.0003, max: 0.0003 });
  });

  it('writes one CSV row per seed plus the point\'s seed count and mean/min/max columns', () => {
    const [header = [], ...body] = readCsv(sweepCsv(rows));
    expect(header).toEqual([...sweepColumns, ...seedSpreadColumns]);
    expect(seedSpreadColumns).toEqual(expect.arrayContaining(['seedCount', 'accuracySeedMean', 'accuracySeedMin', 'accuracySeedMax', 'costPerQueryUsdSeedMean', 'cpTokensMeanSeedMax', 'cpWallMsMeanSeedMin']));
    expect(body).toHaveLength(rows.length);
    const cell = (record: string[], column: string) => record[header.indexOf(column)];
    expect(body.map((record) => cell(record, 'seed'))).toEqual(['0', '1', '2', '0', '1', '2', '0', '1', '2']);
    // The per-seed columns keep each seed's own figures.
    expect(body.map((record) => cell(record, 'cpTokensMean'))).toEqual(['700', '740', '780', '500', '470', '440', '350', '355', '360']);
    for (const record of body.slice(0, 3)) {
      expect(cell(record, 'seedCount')).toBe('3');
      expect(cell(record, 'cpTokensMeanSeedMean')).toBe('740');
      expect(cell(record, 'cpTokensMeanSeedMin')).toBe('700');
      expect(cell(record, 'cpTokensMeanSeedMax')).toBe('780');
      expect(cell(record, 'accuracySeedMin')).toBe('0.92');
      expect(cell(record, 'accuracySeedMax')).toBe('0.94');
      expect(cell(record, 'cpWallMsMeanSeedMax')).toBe('4500');
    }
    expect(cell(body[8]!, 'accuracySeedMin')).toBe('0.88');
    // The leading columns read back exactly as the rows.
    expect(body.map((record) => rowFromCells(header.slice(0, sweepColumns.length), record.slice(0, sweepColumns.length)))).toEqual(rows);
  });

  it('keeps the single-seed CSV exactly as it was', () => {
    expect(readCsv(sweepCsv(rows.filter((row) => row.seed === 1)))[0]).toEqual([...sweepColumns]);
  });

  it('plots one marker per point at the seed mean, with error bars from min to max', async () => {
    const svg = await renderParetoSvg(rows, options);
    expect(count(svg, 'aria-roledescription="point"')).toBe(3);
    expect(count(svg, 'aria-roledescription="text mark"')).toBe(3);
    expect(svg).toContain('mean over 3 seeds (0, 1, 2)');
    expect(svg).toMatch(/aria-label="Mean critical-path tokens: 740; Accuracy \(%\): 93(\.0+\d)?; Kind: controller/);
    const marker = (label: RegExp) => {
      const match = new RegExp(`aria-label="${label.source}[^"]*" role="graphics-symbol" aria-roledescription="point" transform="translate\\(([^,]+),([^)]+)\\)`).exec(svg);
      return { x: Number(match?.[1]), y: Number(match?.[2]) };
    };
    const bars = [...svg.matchAll(/aria-roledescription="rule mark" transform="translate\(([^,]+),([^)]+)\)" x2="([^"]+)" y2="([^"]+)" stroke="(#4c78a8|#f58518)"/g)].map(([, x = '', y = '', dx = '', dy = '']) => ({
      x: Number(x),
      y: Number(y),
      dx: Number(dx),
      dy: Number(dy),
    }));
    const vertical = (at: { x: number }) => bars.find((bar) => bar.dx === 0 && Math.abs(bar.x - at.x) < 0.01)!;
    const horizontal = (at: { y: number }) => bars.find((bar) => bar.dy === 0 && Math.abs(bar.y - at.y) < 0.01)!;
    const slow = marker(/Mean critical-path tokens: 740;/);
    const quick = marker(/Mean critical-path tokens: 470;/);
    const cotAt = marker(/Mean critical-path tokens: 355;/);
    expect(bars).toHaveLength(6);
    // Accuracy spans: 2 points for λt=0 and cot, 1 point for λt=0.005; each centred on its marker here.
    expect(Math.abs(vertical(slow).dy)).toBeCloseTo(Math.abs(vertical(cotAt).dy), 6);
    expect(Math.abs(vertical(slow).dy)).toBeCloseTo(2 * Math.abs(vertical(quick).dy), 6);
    expect(vertical(slow).y + vertical(slow).dy / 2).toBeCloseTo(slow.y, 6);
    // CP-token spans: 80 tokens for λt=0, 60 for λt=0.005, 10 for cot; centred on the means.
    expect(horizontal(slow).dx / horizontal(quick).dx).toBeCloseTo(80 / 60, 6);
    expect(horizontal(slow).dx / horizontal(cotAt).dx).toBeCloseTo(8, 6);
    expect(horizontal(slow).x + horizontal(slow).dx / 2).toBeCloseTo(slow.x, 6);
  });

  it('draws no error bars for a single seed', async () => {
    const svg = await renderParetoSvg(rows.filter((row) => row.seed === 0), options);
    expect(svg).not.toMatch(/aria-roledescription="rule mark"[^>]*stroke="#(4c78a8|f58518)"/);
    expect(svg).not.toContain('seeds');
  });
});

describe('controllerFrontier', () => {
  it('keeps the controller points no other controller beats on both axes, ordered by CP tokens', () => {
    const points = [
      { kind: 'controller' as const, cpTokensMean: 900, accuracyPct: 92 },
      { kind: 'controller' as const, cpTokensMean: 1200, accuracyPct: 91 }, // dominated by the first
      { kind: 'baseline' as const, cpTokensMean: 100, accuracyPct: 99 }, // not a controller
      { kind: 'controller' as const, cpTokensMean: 600, accuracyPct: 88 },
      { kind: 'controller' as const, cpTokensMean: 1500, accuracyPct: 93 },
      { kind: 'controller' as const, cpTokensMean: 1500, accuracyPct: 92.5 }, // same cost, less accurate
    ];
    expect(controllerFrontier(points)).toEqual([3, 0, 4]);
    expect(controllerFrontier([])).toEqual([]);
  });
});

describe('renderPng (issue 17: a PNG option for the plot)', () => {
  it('renders the plot to a PNG at twice the SVG size, with ink on it', async () => {
    const svg = await renderParetoSvg(rows, options);
    const png = await renderPng(svg);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    const svgWidth = Number(/^<svg[^>]* width="([\d.]+)"/.exec(svg)?.[1]);
    const svgHeight = Number(/^<svg[^>]* height="([\d.]+)"/.exec(svg)?.[1]);
    expect(png.readUInt32BE(16)).toBe(Math.round(svgWidth * 2));
    expect(png.readUInt32BE(20)).toBe(Math.round(svgHeight * 2));
    // A blank white image compresses to almost nothing; the chart's lines and text do not.
    expect(png.length).toBeGreaterThan(20_000);
  });
});
