import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import { CollectingLogger } from './collecting-logger.ts';
import { normaliseSvgIds } from './normalise-svg-ids.ts';
import { type ParetoSvgOptions, paretoSpec } from './pareto-spec.ts';
import { parseSweepRows, type SweepRow } from './sweep-row.ts';

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
