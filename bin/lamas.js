#!/usr/bin/env node
// Starts the compiled CLI in dist/ when it matches the sources (npm ci builds it: `prepare`), so
// `lamas --help` and usage errors start in a fraction of the TypeScript loader's time; otherwise
// (an edited checkout, no build) runs the TypeScript sources through tsx. LAMAS_TSX=1 forces tsx,
// LAMAS_TSX=0 the compiled build (for measuring it).
import { readFileSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);

function compiledIsCurrent() {
  if (process.env.LAMAS_TSX === '1') return false;
  try {
    if (process.env.LAMAS_TSX === '0') return statSync(new URL('dist/src/cli/main.js', root)).isFile();
    const { files } = JSON.parse(readFileSync(new URL('dist/build-stamp.json', root), 'utf8'));
    return files.every(([path, size, mtimeMs]) => {
      const stat = statSync(new URL(path, root));
      return stat.size === size && stat.mtimeMs === mtimeMs;
    });
  } catch {
    return false;
  }
}

let main;
if (compiledIsCurrent()) {
  ({ main } = await import('../dist/src/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
