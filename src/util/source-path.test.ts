import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourcePath } from './source-path.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('sourcePath', () => {
  it('resolves beside a source module', () => {
    expect(sourcePath('./gsm8k-mini/train.jsonl', pathToFileURL(join(root, 'data/index.ts')).href)).toBe(join(root, 'data/gsm8k-mini/train.jsonl'));
  });

  it('maps a compiled module in dist/ back to the source tree, so recorded paths do not depend on how lamas was started', () => {
    const fromDist = sourcePath('./gsm8k-mini/train.jsonl', pathToFileURL(join(root, 'dist/data/index.js')).href);
    expect(fromDist).toBe(join(root, 'data/gsm8k-mini/train.jsonl'));
    expect(existsSync(fromDist)).toBe(true);
    expect(sourcePath('./launcher.py', pathToFileURL(join(root, 'dist/src/sandbox/python-sandbox.js')).href)).toBe(join(root, 'src/sandbox/launcher.py'));
  });
});
