import type { Random } from '../../../src/util/random.ts';
import {
  calc,
  capitalize,
  composeStory,
  firstValid,
  line,
  money,
  pickPerson,
  type Outcome,
  type Story,
  type StoryEvent,
} from '../story-kit.ts';

/** A batch of baked goods that gets eaten, given away and shared out. */
export function bakingScenario(rng: Random, steps: number): Story | null {
  const p = pickPerson(rng);
  const She = capitalize(p.subject);
  const Her = capitalize(p.possessive);
  const noun = rng.pick(['cookies', 'muffins', 'cupcakes', 'bread rolls', 'pretzels', 'scones']);
  const state = { count: 0 };
  let intro: Outcome;
  if (rng.int(0, 2) > 0) {
    const trays = rng.int(2, 6);
    const perTray = rng.int(6, 24);
    const baked = calc(trays, ['*', perTray])!;
    state.count = baked.value;
    intro = {
      sentence: `${p.name} bakes ${trays} trays of ${noun} with ${perTray} ${noun} on each tray.`,
      lines: [line(`${She} bakes {=} ${noun}.`, baked)],
    };
  } else {
    state.count = rng.int(20, 120);
    intro = { sentence: `${p.name} has ${state.count} ${noun} left over from a bake sale.`, lines: [] };
  }
  const [helper, friend] = rng.shuffle(['brother', 'sister', 'roommate', 'cousin', 'best friend']) as [string, string];
  const events: Array<StoryEvent<typeof state>> = [
    {
      cost: 1,
      maxUses: 1,
      apply: (s) => {
        if (s.count < 8) return null;
        const eaten = rng.int(2, Math.min(6, s.count - 2));
        const left = calc(s.count, ['-', eaten]);
        if (!left) return null;
        s.count = left.value;
        return { sentence: `${She} eats ${eaten} of them while they are still warm.`, lines: [line(`{=} ${noun} are left.`, left)] };
      },
    },
    {
      cost: 1,
      maxUses: 1,
      apply: (s) => {
        const more = rng.int(5, 30);
        const total = calc(s.count, ['+', more]);
        if (!total) return null;
        s.count = total.value;
        return { sentence: `${She} bakes ${more} more ${noun}.`, lines: [line(`${She} now has {=} ${noun}.`, total)] };
      },
    },
    {
      cost: 1,
      maxUses: 1,
      apply: (s) => {
        const more = rng.int(4, 16);
        const total = calc(s.count, ['+', more]);
        if (!total) return null;
        s.count = total.value;
        return {
          sentence: `${Her} ${friend} drops by with ${more} ${noun} from another bakery.`,
          lines: [line(`That makes {=} ${noun}.`, total)],
        };
      },
    },
    {
      cost: 1,
      maxUses: 1,
      apply: (s) => {
        const kept = calc(s.count, ['/', 2]);
        if (!kept || kept.value < 4) return null;
        s.count = kept.value;
        return {
          sentence: `${Her} ${helper} takes half of them to school.`,
          lines: [line(`${She} keeps {=} ${noun}.`, kept)],
        };
      },
    },
    {
      cost: 2,
      maxUses: 1,
      apply: (s) => {
        const each = rng.int(2, 5);
        const neighbors = rng.int(2, 6);
        const given = calc(each, ['*', neighbors])!;
        const left = calc(s.count, ['-', given.value]);
        if (!left || left.value < 4) return null;
        s.count = left.value;
        return {
          sentence: `${She} gives ${each} ${noun} to each of ${neighbors} neighbors.`,
          lines: [line(`${She} gives away {=} ${noun}.`, given), line(`${She} has {=} ${noun} left.`, left)],
        };
      },
    },
    {
      cost: 2,
      maxUses: 1,
      apply: (s) =>
        firstValid(rng, [['A third', 3], ['A quarter', 4]] as Array<[string, number]>, ([word, parts]) => {
          const burnt = calc(s.count, ['/', parts]);
          if (!burnt) return null;
          const left = calc(s.count, ['-', burnt.value]);
          if (!left) return null;
          s.count = left.value;
          return {
            sentence: `${word} of the ${noun} are burnt, so ${p.subject} throws them away.`,
            lines: [line(`{=} ${noun} are burnt.`, burnt), line(`{=} ${noun} are left.`, left)],
          };
        }),
    },
    {
      cost: 1,
      closing: true,
      apply: (s) =>
        firstValid(rng, [2, 3, 4, 5, 6, 8], (friends) => {
          const each = calc(s.count, ['/', friends]);
          if (!each) return null;
          return {
            sentence: `${She} shares the ${noun} equally among ${friends} friends.`,
            question: `How many ${noun} does each friend get?`,
            lines: [line(`Each friend gets {=} ${noun}.`, each)],
          };
        }),
    },
    {
      cost: 1,
      closing: true,
      apply: (s) =>
        firstValid(rng, [4, 5, 6, 8, 10, 12], (size) => {
          const boxes = calc(s.count, ['/', size]);
          if (!boxes) return null;
          return {
            sentence: `${She} packs all the ${noun} into boxes of ${size}.`,
            question: `How many boxes does ${p.subject} fill?`,
            lines: [line(`${She} fills {=} boxes.`, boxes)],
          };
        }),
    },
    {
      cost: 1,
      closing: true,
      apply: (s) => {
        const price = rng.int(2, 4);
        const earned = calc(s.count, ['*', price]);
        if (!earned) return null;
        return {
          sentence: `${She} sells all of them for ${money(price)} each.`,
          question: `How much money does ${p.subject} make?`,
          lines: [line(`${She} makes {=}.`, earned, true)],
        };
      },
    },
  ];
  return composeStory(rng, steps, {
    state,
    intro,
    events,
    question: () => `How many ${noun} does ${p.name} have now?`,
  });
}
