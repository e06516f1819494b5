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
