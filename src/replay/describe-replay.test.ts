import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/capture-cli.ts';

const dir = join(import.meta.dirname, '../../test/fixtures/replay/dir');

describe('lamas replay describe', { timeout: 60_000 }, () => {
  it('lists roles, styles, samples per question and recorded accuracy per style', async () => {
    const result = await runCli(['replay', 'describe', 'gpt-4o-mini', '--replay-dir', dir, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const description = JSON.parse(result.stdout);
    expect(description).toMatchObject({ model: 'gpt-4o-mini', tokenizer: 'o200k', latency: { modeled: true } });
    const [gsm8k] = description.tasks;
    expect(gsm8k.roles).toEqual([
      { role: 'generate', samplesPerQuestion: 2 },
      { role: 'cot', samplesPerQuestion: 2 },
    ]);
    expect(gsm8k.synthesized).toEqual(['sc-select', 'self-refine']);
    const readOnce = gsm8k.styles.find((style: { role: string; sample: number }) => style.role === 'generate' && style.sample === 0);
    // Question 1 is answered 46 (gold 48): 2 of 3, graded here from the text.
    expect(readOnce).toMatchObject({ questions: 3, accuracy: 2 / 3, graded: 'ours', duplicateRows: 0 });
    const readTwice = gsm8k.styles.find((style: { role: string; sample: number }) => style.role === 'generate' && style.sample === 1);
    expect(readTwice).toMatchObject({ questions: 3, duplicateRows: 1, accuracy: 1 });
  });

  it('prints a table, and refuses an unknown model or action with exit 2', async () => {
    const table = await runCli(['replay', 'describe', 'gpt-4', '--replay-dir', dir]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('programmer   #0 Faithful-COT noNL');
    expect(table.stdout).toContain("source's answer/verdict");
    expect((await runCli(['replay', 'describe', 'gpt-9', '--replay-dir', dir])).code).toBe(2);
    expect((await runCli(['replay', 'explain', 'gpt-4'])).code).toBe(2);
  });
});
