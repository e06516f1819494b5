import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  normaliseSvgIds,
  parseSweepRows,
  renderParetoSvg,
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
  };
}

// Deliberately out of lambda_t order, to check the curve is drawn in lambda_t order anyway.
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
  const numeric = new Set(['lambdaT', 'lambdaC', 'accuracy', 'cpTokensMean', 'cpTokensP95', 'cpWallMsMean', 'costUsd', 'costPerQueryUsd', 'n', 'seed']);
  const nullable = new Set(['lambdaT', 'lambdaC', 'checkpoint']);
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

  it('joins only the controller points, in lambda_t order', async () => {
    const svg = await renderParetoSvg(rows, options);
    const line = /aria-roledescription="line mark" d="M([^"]*)"/.exec(svg)?.[1] ?? '';
    const vertices = line.split('L').map((pair) => pair.split(',').map(Number));
    expect(vertices).toHaveLength(4);
    const pointAt = new Map(
      [...svg.matchAll(/aria-label="[^"]*Kind: controller[^"]*" role="graphics-symbol" aria-roledescription="point" transform="translate\(([^,]+),([^)]+)\)/g)].map(
        ([, x = '', y = '']) => [Math.round(Number(x)), Math.round(Number(y))],
      ),
    );
    expect(pointAt.size).toBe(4);
    // lambda_t ascending means CP tokens descending in this fixture, so x must fall along the path.
    const xs = vertices.map(([x = 0]) => x);
    expect(xs).toEqual([...xs].sort((a, b) => b - a));
    for (const [x = 0, y = 0] of vertices) expect(pointAt.get(Math.round(x))).toBe(Math.round(y));
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
