import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/capture-cli.ts';

/** A sim summary names the profile version that answered: `sim:gpt-4o-mini` resolves to the current one, and versions answer differently. */
describe('sim summaries', () => {
  it.each([
    ['sim:gpt-4o-mini', 'gpt-4o-mini-v3'],
    ['sim:gpt-4o-mini-v2', 'gpt-4o-mini-v2'],
    ['sim:gpt-4', 'gpt-4-v3'],
  ])('%s runs say simProfile %s', async (llm, expected) => {
    const result = await runCli(['run', '--task', 'gsm8k', '--llm', llm, '--limit', '2', '--topology', 'cot', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { simulated: boolean; simProfile: string };
    expect(summary).toMatchObject({ simulated: true, simProfile: expected });
  });
});
