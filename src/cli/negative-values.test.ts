import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/capture-cli.ts';
import { attachNegativeValues } from './main.ts';

describe('negative flag values', () => {
  it('joins a numeric value that starts with a minus sign to its flag', () => {
    expect(attachNegativeValues(['train', '--lambda-t', '-1', '--seed', '3'])).toEqual(['train', '--lambda-t=-1', '--seed', '3']);
    expect(attachNegativeValues(['sweep', '--lambda-t', '-1,0', '--lambda-c', '-.5'])).toEqual(['sweep', '--lambda-t=-1,0', '--lambda-c=-.5']);
    // Not a number: left for cac to treat as the flag it is.
    expect(attachNegativeValues(['run', '--json', '-h'])).toEqual(['run', '--json', '-h']);
    expect(attachNegativeValues(['topology', '--query', '-5 apples'])).toEqual(['topology', '--query', '-5 apples']);
  });

  it('reaches the flag validation instead of "Unknown option"', async () => {
    for (const args of [
      ['train', '--task', 'gsm8k', '--lambda-t', '-1'],
      ['sweep', '--task', 'gsm8k', '--lambda-t', '-1,0'],
    ]) {
      const run = await runCli(args);
      expect(run.code).toBe(2);
      expect(run.stderr).not.toContain('Unknown option');
      expect(run.stderr).toContain('--lambda-t');
    }
  });
});
