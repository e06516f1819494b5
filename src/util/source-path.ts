import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the directory above `src/`, also when this file runs compiled from `dist/src/`. */
const packageRoot = (() => {
  const above = fileURLToPath(new URL('../../', import.meta.url));
  const root = above.endsWith(sep) ? above.slice(0, -1) : above;
  return basename(root) === 'dist' && existsSync(join(dirname(root), 'package.json')) ? dirname(root) : root;
})();
const compiledRoot = join(packageRoot, 'dist');

/**
 * A file beside a module (`relative` to its `import.meta.url`), in the source tree even when the
 * module runs from the compiled copy in dist/: data, profiles and Python files have one home, and
 * paths that runs record (a checkpoint's training data) are the same either way.
 */
export function sourcePath(relativePath: string, moduleUrl: string): string {
  const path = fileURLToPath(new URL(relativePath, moduleUrl));
  const inside = relative(compiledRoot, path);
  return inside.startsWith('..') || inside === '' ? path : join(packageRoot, inside);
}
