import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.ts';
import { recorder } from '../../test/fixtures/recording-stream.ts';

/** Issue 17.8: a resumed run's progress starts where it resumed, not at 0. */

describe('progress', () => {
  it('on a TTY, a bar with an ETA that starts at the work already done', () => {
    const { stream, text } = recorder(true);
    const progress = createProgress('train gsm8k', 200, stream, 180);
    expect(text()).toContain('180/200');
    expect(text()).toContain('eta');
    expect(text()).not.toContain('0/200 0%');
    for (let i = 0; i < 20; i++) progress.tick(1, 'reward 0.5');
    progress.stop();
    expect(text()).toContain('200/200 100%');
  });

  it('without a TTY, plain lines that count on from the work already done', () => {
    const { stream, text } = recorder(false);
    const progress = createProgress('train gsm8k', 200, stream, 180);
    for (let i = 0; i < 20; i++) progress.tick();
    progress.stop();
    const lines = text().trim().split('\n');
    expect(lines.at(-1)).toBe('train gsm8k: 200/200');
    for (const line of lines) expect(Number(/: (\d+)\/200/.exec(line)![1])).toBeGreaterThan(180);
  });

  it('without a TTY and from 0, a line every 10%', () => {
    const { stream, text } = recorder(false);
    const progress = createProgress('run gsm8k', 20, stream);
    for (let i = 0; i < 20; i++) progress.tick(1, 'x');
    expect(text().trim().split('\n')).toEqual(Array.from({ length: 10 }, (_, i) => `run gsm8k: ${(i + 1) * 2}/20 x`));
  });
});
