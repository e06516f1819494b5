#!/usr/bin/env node
/**
 * Compiles the sources to dist/ (tsc, imports rewritten to .js) so `lamas` starts without the
 * TypeScript loader, and writes dist/build-stamp.json: every source file with its size and mtime
 * (data, profiles and Python files are read from the source tree, not copied). bin/lamas.js uses dist/ only while the stamp still
 * matches the sources, so an edited checkout never runs stale code (it falls back to tsx).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const trees = ['src', 'operators', 'train', 'eval', 'data'];

// `--if-possible` (npm's prepare step): a failed build is a warning, and lamas runs through tsx.
const optional = process.argv.includes('--if-possible');
rmSync(dist, { recursive: true, force: true });
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
try {
  // Emit only: type checking is `npm run typecheck`'s job (and tsx does not check either).
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--noCheck'], { stdio: 'inherit' });
} catch (error) {
  rmSync(dist, { recursive: true, force: true });
  if (!optional) throw error;
  console.warn('lamas: warning: the compiled build failed; lamas will run the TypeScript sources through tsx (slower start)');
  process.exit(0);
}

const sources = [];
for (const tree of trees) {
  for (const file of walk(join(root, tree))) {
    // Data, profiles and Python files are read from the source tree (src/util/source-path.ts).
    if (file.endsWith('.ts') && !file.endsWith('.test.ts')) sources.push(relative(root, file));
  }
}
const stamp = sources.sort().map((path) => {
  const { size, mtimeMs } = statSync(join(root, path));
  return [path, size, mtimeMs];
});
// The flags of every command, from their schemas, so the compiled CLI's help and usage errors load no zod (src/cli/flag-table.ts).
try {
  const { commands } = await import(new URL('../dist/src/cli/commands.js', import.meta.url).href);
  const { flagTable } = await import(new URL('../dist/src/cli/flag-table.js', import.meta.url).href);
  writeFileSync(join(dist, 'src', 'cli', 'flag-table.json'), JSON.stringify(await flagTable(commands)));
} catch (error) {
  if (!optional) throw error;
  console.warn(`lamas: warning: no flag table (${error.message}); the compiled CLI reads the flags from their schemas (slower start)`);
}
writeFileSync(join(dist, 'build-stamp.json'), JSON.stringify({ files: stamp }));
console.log(`lamas: compiled ${stamp.length} files to dist/`);

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}
