import type { Random } from '../../../src/util/random.ts';
import {
  calc,
  capitalize,
  composeStory,
  Deck,
  firstValid,
  line,
  money,
  pickPerson,
  type Outcome,
  type Story,
  type StoryEvent,
  type Thing,
} from '../story-kit.ts';

/** Money in a piggy bank going up and down: gifts, chores, purchases, donations, interest. */
export function savingsScenario(rng: Random, steps: number): Story | null {
  const p = pickPerson(rng);
  const She = capitalize(p.subject);
  const Her = capitalize(p.possessive);
  const state = { value: 0 };
  let intro: Outcome;
  if (rng.int(0, 1) === 0) {
    state.value = rng.int(4, 60) * 5;
    intro = { sentence: `${p.name} has ${money(state.value)} in ${p.possessive} piggy bank.`, lines: [] };
  } else {
    const weekly = rng.int(3, 25);
    const weeks = rng.int(2, 10);
    const saved = calc(weekly, ['*', weeks])!;
    state.value = saved.value;
    intro = {
      sentence: `${p.name} saves ${money(weekly)} every week for ${weeks} weeks.`,
      lines: [line(`${p.name} saves {=}.`, saved, true)],
    };
  }
  const relatives = new Deck(rng, ['grandmother', 'grandfather', 'aunt', 'uncle', 'neighbor', 'older cousin']);
  const purchases = new Deck(rng, ['a kite', 'a book', 'an umbrella', 'a puzzle', 'a water bottle', 'a backpack', 'a board game']);
  const multiples = new Deck<Thing>(rng, [
    { one: 'comic book', many: 'comic books' },
    { one: 'packet of seeds', many: 'packets of seeds' },
    { one: 'movie ticket', many: 'movie tickets' },
    { one: 'sticker sheet', many: 'sticker sheets' },
  ]);
  const fractions: Array<[string, number]> = [['half', 2], ['a third', 3], ['a quarter', 4], ['a fifth', 5]];
  const charities = ['an animal shelter', 'a food bank', 'the school library', 'a tree-planting charity'];
  const events: Array<StoryEvent<typeof state>> = [
    {
      cost: 1,
      maxUses: 2,
      apply: (s) => {
        const relative = relatives.peek();
        const gift = rng.int(2, 20) * 5;
        const total = calc(s.value, ['+', gift]);
        if (!relative || !total) return null;
        relatives.take();
        s.value = total.value;
        return {
          sentence: `${Her} ${relative} gives ${p.object} ${money(gift)}.`,
          lines: [line(`${She} now has {=}.`, total, true)],
        };
      },
    },
    {
      cost: 2,
      maxUses: 1,
      apply: (s) => {
        const pay = rng.int(2, 12);
        const chores = rng.int(2, 9);
        const earned = calc(pay, ['*', chores])!;
        const total = calc(s.value, ['+', earned.value]);
        if (!total) return null;
        s.value = total.value;
        return {
          sentence: `${She} earns ${money(pay)} for each of the ${chores} chores ${p.subject} does.`,
          lines: [line(`${She} earns {=} from chores.`, earned, true), line(`So ${p.subject} has {=}.`, total, true)],
        };
      },
    },
    {
      cost: 2,
      maxUses: 1,
      apply: (s) => {
        const count = rng.int(2, 8);
        const price = rng.int(2, 9);
        const earned = calc(count, ['*', price])!;
        const total = calc(s.value, ['+', earned.value]);
        if (!total) return null;
        s.value = total.value;
        return {
          sentence: `${She} sells ${count} of ${p.possessive} old toys for ${money(price)} each.`,
          lines: [line(`The toys bring in {=}.`, earned, true), line(`${She} now has {=}.`, total, true)],
        };
      },
    },
    {
      cost: 1,
      maxUses: 3,
      apply: (s) => {
        const item = purchases.peek();
        if (!item || s.value < 6) return null;
        const cost = rng.int(2, Math.min(60, s.value - 1));
        const left = calc(s.value, ['-', cost]);
        if (!left) return null;
        purchases.take();
        s.value = left.value;
        return {
          sentence: `${She} spends ${money(cost)} on ${item}.`,
          lines: [line(`${She} has {=} left.`, left, true)],
        };
      },
    },
    {
      cost: 2,
      maxUses: 2,
      apply: (s) => {
        const thing = multiples.peek();
        if (!thing) return null;
        const count = rng.int(2, 6);
        const price = rng.int(2, 12);
        const cost = calc(count, ['*', price])!;
        const left = calc(s.value, ['-', cost.value]);
        if (!left) return null;
        multiples.take();
        s.value = left.value;
        return {
          sentence: `${She} buys ${count} ${thing.many} that cost ${money(price)} each.`,
          lines: [line(`The ${thing.many} cost {=}.`, cost, true), line(`${She} has {=} left.`, left, true)],
        };
      },
    },
    {
      cost: 1,
      weight: 0.5,
      maxUses: 1,
      apply: (s) => {
        const doubled = calc(s.value, ['*', 2]);
        if (!doubled || doubled.value > 5000) return null;
        s.value = doubled.value;
        return {
          sentence: `${Her} parents match every dollar ${p.subject} has saved so far.`,
          lines: [line(`Matching doubles ${p.possessive} savings to {=}.`, doubled, true)],
        };
      },
    },
    {
      cost: 2,
      maxUses: 1,
      apply: (s) =>
        firstValid(rng, fractions, ([word, parts]) => {
          const given = calc(s.value, ['/', parts]);
          if (!given) return null;
          const kept = calc(s.value, ['-', given.value]);
          if (!kept) return null;
          s.value = kept.value;
          return {
            sentence: `${She} gives ${word} of ${p.possessive} money to ${rng.pick(charities)}.`,
            lines: [line(`${She} gives away {=}.`, given, true), line(`${She} keeps {=}.`, kept, true)],
          };
        }),
    },
    {
      cost: 2,
      maxUses: 1,
      apply: (s) =>
        firstValid(rng, [2, 4, 5, 10, 20], (rate) => {
          const interest = calc(s.value, ['*', rate], ['/', 100]);
          if (!interest) return null;
          const total = calc(s.value, ['+', interest.value]);
          if (!total) return null;
          s.value = total.value;
          return {
            sentence: `At the end of the year, the bank adds ${rate}% interest to ${p.possessive} savings.`,
            lines: [line(`The interest is {=}.`, interest, true), line(`${She} then has {=}.`, total, true)],
          };
        }),
    },
    {
      cost: 1,
      closing: true,
      apply: (s) =>
        firstValid(rng, [2, 3, 4, 5, 6, 8, 10], (envelopes) => {
          const each = calc(s.value, ['/', envelopes]);
          if (!each) return null;
          return {
            sentence: `${She} wants to split all of ${p.possessive} money equally into ${envelopes} envelopes.`,
            question: `How much money goes into each envelope?`,
            lines: [line(`Each envelope gets {=}.`, each, true)],
          };
        }),
    },
    {
      cost: 1,
      closing: true,
      apply: (s) => {
        const price = (Math.floor(s.value / 10) + rng.int(1, 12)) * 10;
        const more = calc(price, ['-', s.value]);
        if (!more) return null;
        return {
          sentence: `${She} wants to buy a bicycle that costs ${money(price)}.`,
          question: `How much more money does ${p.subject} need?`,
          lines: [line(`${She} needs {=} more.`, more, true)],
        };
      },
    },
  ];
  return composeStory(rng, steps, {
    state,
    intro,
    events,
    question: () => `How much money does ${p.name} have now?`,
  });
}
