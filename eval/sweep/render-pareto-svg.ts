import { type LoggerInterface, parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
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

/** What a plotted point carries; accuracy is turned into percent once here rather than in an expression. */
interface PlotDatum {
  name: string;
  kind: SweepRow['kind'];
  lambdaT: number | null;
  cpTokensMean: number;
  accuracyPct: number;
  costPerQueryUsd: number;
}

/**
 * The LAMaS paper's Figure 2 for any task: accuracy against mean critical-path tokens, marker
 * area = cost per query, colour and shape = controller vs baseline, a label per point, and the
 * controller points joined in lambda_t order (the Pareto curve traced by the sweep).
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

/** The Vega-Lite spec, exported so callers can also save it (e.g. pareto.vl.json) for re-styling. */
export function paretoSpec(rows: readonly SweepRow[], { title, task }: ParetoSvgOptions): TopLevelSpec {
  const values: PlotDatum[] = rows.map((row) => ({
    name: row.name,
    kind: row.kind,
    lambdaT: row.lambdaT,
    cpTokensMean: row.cpTokensMean,
    accuracyPct: row.accuracy * 100,
    costPerQueryUsd: row.costPerQueryUsd,
  }));
  const simulated = rows.some((row) => row.simulated);
  const backends = [...new Set(rows.map((row) => row.backend))].sort();
  const subtitle = [
    ...(simulated ? ['Simulated backend: these figures come from the simulator, not from real model calls.'] : []),
    ...(backends.length > 0 ? [`backend: ${backends.join(', ')}`] : []),
  ];

  const x = {
    field: 'cpTokensMean',
    type: 'quantitative',
    title: 'Mean critical-path tokens',
    // The interesting differences are relative; forcing zero would squash every point together.
    // Padding (pixels) keeps extreme points and their labels off the axes, title and legend.
    scale: { zero: false, nice: true, padding: 28 },
  } as const;
  const y = {
    field: 'accuracyPct',
    type: 'quantitative',
    title: 'Accuracy (%)',
    scale: { zero: false, nice: true, padding: 28 },
  } as const;

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `${title}: ${task}${simulated ? ' (simulated)' : ''}`, ...(subtitle.length > 0 ? { subtitle } : {}) },
    width: 560,
    height: 380,
    background: 'white',
    data: { values },
    layer: [
      {
        // Only controllers trace the curve; baselines are single fixed points.
        transform: [{ filter: "datum.kind === 'controller'" }],
        mark: { type: 'line', color: kindColors[0], strokeWidth: 1.5, opacity: 0.6 },
        encoding: { x, y, order: { field: 'lambdaT', type: 'quantitative' } },
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
            scale: { zero: true, range: [20, 600] },
          },
          color: { field: 'kind', type: 'nominal', title: 'Kind', scale: { domain: kindDomain, range: kindColors } },
          shape: { field: 'kind', type: 'nominal', title: 'Kind', scale: { domain: kindDomain, range: kindShapes } },
        },
      },
      {
        mark: { type: 'text', dy: -14, fontSize: 10, color: '#333' },
        encoding: { x, y, text: { field: 'name', type: 'nominal' } },
      },
    ],
  };
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
