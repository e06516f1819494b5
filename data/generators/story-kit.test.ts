import { describe, expect, it } from 'vitest';
import { Random } from '../../src/util/random.ts';
import { calc, composeStory, line, type StoryEvent } from './story-kit.ts';

describe('calc', () => {
  it('builds the annotation expression and the readable form', () => {
    expect(calc(80, ['*', 25], ['/', 100])).toEqual({ expr: '80*25/100', shown: '80 * 25 / 100', value: 20 });
  });

  it('refuses results a grade-school answer key would not have', () => {
    expect(calc(7, ['/', 2])).toBeNull();
    expect(calc(3, ['-', 3])).toBeNull();
    expect(calc(3, ['-', 5], ['+', 10])).toBeNull();
    expect(calc(5000, ['*', 5000])).toBeNull();
  });
});

describe('line', () => {
  it('renders GSM8K calculator annotations, with a dollar sign for money', () => {
    expect(line('She has {=} left.', calc(16, ['-', 3])!).text).toBe('She has 16 - 3 = <<16-3=13>>13 left.');
    expect(line('It costs {=}.', calc(4, ['*', 5])!, true).text).toBe('It costs 4 * 5 = $<<4*5=20>>20.');
  });
});

describe('composeStory', () => {
  const add: StoryEvent<{ n: number }> = {
    cost: 1,
    apply: (s) => {
      const next = calc(s.n, ['+', 1])!;
      s.n = next.value;
      return { sentence: 'One more arrives.', lines: [line('Now there are {=}.', next)] };
    },
  };
  const close: StoryEvent<{ n: number }> = {
    cost: 2,
    closing: true,
    apply: (s) => ({
      sentence: 'They pair up.',
      question: 'How many pairs?',
      lines: [line('Doubled: {=}.', calc(s.n, ['*', 2])!), line('Pairs: {=}.', calc(s.n, ['*', 2], ['/', 2])!)],
    }),
  };

  it('fills exactly the requested number of lines and lets a closing event ask the question', () => {
    for (let steps = 1; steps <= 8; steps++) {
      const story = composeStory(Random.fromSeed(steps), steps, {
        state: { n: 1 },
        intro: { sentence: 'There is 1 guest.', lines: [] },
        events: [add, close],
        question: () => 'How many guests?',
      })!;
      expect(story.lines).toHaveLength(steps);
      if (story.question === 'How many pairs?') expect(story.sentences.at(-1)).toBe('They pair up.');
    }
  });

  it('honours maxUses and gives up instead of looping when nothing fits', () => {
    const once: StoryEvent<{ n: number }> = { ...add, maxUses: 1 };
    const story = composeStory(Random.fromSeed(1), 3, {
      state: { n: 1 },
      intro: { sentence: 'There is 1 guest.', lines: [] },
      events: [once],
      question: () => 'How many guests?',
    });
    expect(story).toBeNull();
  });
});
