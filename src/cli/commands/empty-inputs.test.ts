import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/capture-cli.ts';

/** Issue 17.5: an empty task file is bad input (exit 2 naming it), never a finished run with n = 0. */

const root = mkdtempSync(join(tmpdir(), 'lamas-empty-inputs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const empty = join(root, 'empty.jsonl');
writeFileSync(empty, '\n\n');
const named = new RegExp(`^lamas: ${empty.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: holds no problems`, 'm');

describe('empty task files', () => {
  it('run --data empty.jsonl is exit 2 naming the file, and writes no run', async () => {
    const out = join(root, 'run');
    const result = await runCli(['run', '--task', 'gsm8k', '--data', empty, '--out', out, '--json']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(named);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
  });

  it('train --test-data empty.jsonl is exit 2 naming the file before any training', async () => {
    const out = join(root, 'train');
    const result = await runCli(['train', '--task', 'gsm8k', '--limit', '4', '--epochs', '1', '--test-data', empty, '--out', out, '--json']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(named);
    expect(existsSync(join(out, 'metrics.csv'))).toBe(false);
    expect(existsSync(join(out, 'checkpoint'))).toBe(false);
  });

  it('sweep --test-data empty.jsonl is exit 2 naming the file', async () => {
    const result = await runCli(['sweep', '--task', 'gsm8k', '--limit', '4', '--epochs', '1', '--lambda-t', '0', '--baselines', 'generate', '--test-data', empty, '--out', join(root, 'sweep')]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(named);
  });
});
