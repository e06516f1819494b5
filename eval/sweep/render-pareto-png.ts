/**
 * pareto.png from pareto.svg, with resvg (Rust, prebuilt for each platform inside its npm
 * packages: no browser, no canvas build, no download at install or run time). Loaded only when a
 * PNG is asked for, so other commands do not pay for the native module.
 */
export interface PngOptions {
  /** Pixels per SVG unit (default 2: sharp on high-density screens and in slides). */
  scale?: number;
}

export type PngRenderer = (svg: string, options?: PngOptions) => Buffer;

/**
 * Loads resvg, failing with a plain message when its binary is missing for this platform; a sweep
 * calls it before training so a missing renderer is found in a second, not after the sweep.
 */
export async function loadPngRenderer(): Promise<PngRenderer> {
  let resvg: typeof import('@resvg/resvg-js');
  try {
    resvg = await import('@resvg/resvg-js');
  } catch (error) {
    throw new Error(`the PNG plot needs the @resvg/resvg-js package and its prebuilt binary for ${process.platform}-${process.arch} (npm ci installs it): ${(error as Error).message}`);
  }
  return (svg, { scale = 2 } = {}) =>
    new resvg.Resvg(svg, {
      background: 'white',
      fitTo: { mode: 'zoom', value: scale },
      // vega asks for "sans-serif"; name a common sans font for it, else resvg may pick any font.
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    })
      .render()
      .asPng();
}

export async function renderPng(svg: string, options?: PngOptions): Promise<Buffer> {
  return (await loadPngRenderer())(svg, options);
}
