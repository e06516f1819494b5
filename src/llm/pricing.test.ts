import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../test/capture-cli.ts';
import { main } from '../cli/main.ts';
import { InputError } from '../util/errors.ts';
import { defaultPrices, loadPriceFile, parsePriceFile, PriceTable } from './pricing.ts';

/** Issue 17: `--prices FILE` (USD per 1M tokens, merged over the built-in list prices). */

const usage = { promptTokens: 1_000_000, completionTokens: 1_000_000 };

function thrown(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('parsePriceFile', () => {
  it('reads {model: {input, output}} and merges it over the built-in table', () => {
    const prices = parsePriceFile('{"my-model": {"input": 0.2, "output": 0.8}, "gpt-4o-mini": {"input": 1, "output": 2}}', 'prices.json');
    expect(prices).toEqual({ 'my-model': { input: 0.2, output: 0.8 }, 'gpt-4o-mini': { input: 1, output: 2 } });
    const table = new PriceTable(prices, () => {
      throw new Error('no warning expected');
    });
    expect(table.costUsd('my-model', usage)).toBeCloseTo(1, 12);
    expect(table.costUsd('gpt-4o-mini', usage)).toBe(3);
    // Untouched entries keep their list price.
    expect(table.priceOf('gpt-4o')).toEqual(defaultPrices['gpt-4o']);
  });

  it('names the file, the line and the field of a bad entry', () => {
    const text = '{\n  "ok": {"input": 1, "output": 2},\n  "gpt-4.1": {"input": "0.4", "output": 1.6}\n}\n';
    const error = thrown(() => parsePriceFile(text, 'prices.json'));
    expect(error.location).toEqual({ file: 'prices.json', line: 3, field: 'gpt-4.1.input' });
    expect(error.message).toMatch(/^prices\.json:3 field "gpt-4\.1\.input": expected a number: USD per 1M input tokens/);

    expect(thrown(() => parsePriceFile('{"m": {"input": -1, "output": 2}}', 'p.json')).message).toBe('p.json:1 field "m.input": may not be negative');
    expect(thrown(() => parsePriceFile('{"m": {"input": 1}}', 'p.json')).location).toMatchObject({ field: 'm.output' });
    expect(thrown(() => parsePriceFile('{"m": {"input": 1, "output": 2, "cached": 0.5}}', 'p.json')).message).toMatch(/field "m\.cached": unknown field/);
    expect(thrown(() => parsePriceFile('[1, 2]', 'p.json')).message).toMatch(/^p\.json: .*expected \{"model"/);
  });

  it('names the line of a JSON syntax error, and an unreadable file', () => {
    const error = thrown(() => parsePriceFile('{\n  "m": {"input": 1, "output": 2},\n}\n', 'p.json'));
    expect(error.location.file).toBe('p.json');
    expect(error.location.line).toBe(3);
    expect(error.message).toContain('not valid JSON');
    const missing = join(tmpdir(), 'lamas-no-such-prices.json');
    expect(thrown(() => loadPriceFile(missing)).message).toBe(`${missing}: cannot read the --prices file (ENOENT)`);
  });
});

describe('PriceTable', () => {
  it('points the "no price known" warning at --prices FILE', () => {
    const warnings: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => {
      warnings.push(chunk);
      return true;
    }) as typeof process.stderr.write;
    try {
      const table = new PriceTable();
      expect(table.costUsd('Qwen/Qwen2.5-7B-Instruct', usage)).toBe(0);
      table.costUsd('Qwen/Qwen2.5-7B-Instruct', usage);
    } finally {
      process.stderr.write = write;
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('no price known for model "Qwen/Qwen2.5-7B-Instruct"');
    expect(warnings[0]).toContain('--prices FILE');
    expect(warnings[0]).toContain('{"Qwen/Qwen2.5-7B-Instruct": {"input": USD, "output": USD}} per 1M tokens');
  });
});

describe('--prices on the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lamas-prices-'));

  it('reprices a run: ten times the list price costs ten times as much', async () => {
    const file = join(dir, 'prices.json');
    writeFileSync(file, JSON.stringify({ 'gpt-4o-mini': { input: 1.5, output: 6 } }));
    const args = ['run', '--task', 'gsm8k', '--limit', '2', '--topology', 'cot', '--json'];
    const listed = await runCli(args);
    const repriced = await runCli([...args, '--prices', file]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(repriced.code, repriced.stderr).toBe(0);
    const listedCost = (JSON.parse(listed.stdout) as { costUsd: number }).costUsd;
    const repricedCost = (JSON.parse(repriced.stdout) as { costUsd: number }).costUsd;
    expect(listedCost).toBeGreaterThan(0);
    expect(repricedCost / listedCost).toBeCloseTo(10, 9);
  });

  it('refuses a bad prices file with exit 2, naming the file, line and field', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{\n  "gpt-4o-mini": {"input": 0.15, "outptu": 0.6}\n}\n');
    const result = await runCli(['run', '--task', 'gsm8k', '--limit', '1', '--topology', 'cot', '--prices', file, '--json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${file}:2 field "gpt-4o-mini.outptu": unknown field`);
  });

  it('is accepted by run, train, eval, sweep, serve and demo', async () => {
    for (const command of ['run', 'train', 'eval', 'sweep', 'serve', 'demo']) {
      // cac prints help through console.info.
      const lines: string[] = [];
      const info = vi.spyOn(console, 'info').mockImplementation((...parts: unknown[]) => void lines.push(parts.join(' ')));
      try {
        expect(await main([command, '--help'])).toBe(0);
      } finally {
        info.mockRestore();
      }
      expect(lines.join('\n'), command).toMatch(/--prices <file>\s+JSON \{"model": \{"input": USD, "output": USD\}\} per 1M tokens/);
    }
  });
});
