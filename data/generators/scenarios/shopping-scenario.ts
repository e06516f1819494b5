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

interface Good extends Thing {
  min: number;
  max: number;
}

const goodsList: readonly Good[] = [
  { one: 'notebook', many: 'notebooks', min: 2, max: 6 },
  { one: 'pen', many: 'pens', min: 2, max: 4 },
  { one: 'T-shirt', many: 'T-shirts', min: 8, max: 25 },
  { one: 'jar of honey', many: 'jars of honey', min: 4, max: 12 },
  { one: 'bag of rice', many: 'bags of rice', min: 3, max: 15 },
  { one: 'flower pot', many: 'flower pots', min: 5, max: 18 },
  { one: 'pair of socks', many: 'pairs of socks', min: 3, max: 9 },
  { one: 'loaf of bread', many: 'loaves of bread', min: 2, max: 7 },
  { one: 'box of tea', many: 'boxes of tea', min: 3, max: 10 },
  { one: 'candle', many: 'candles', min: 2, max: 9 },
];

/** A basket filled item by item, then maybe a coupon or a sale, then change or a split bill. */
export function shoppingScenario(rng: Random, steps: number): Story | null {
  const p = pickPerson(rng);
  const She = capitalize(p.subject);
  const goods = new Deck(rng, goodsList);
  const singles = new Deck(rng, ['a lamp', 'a scarf', 'a cookbook', 'a phone charger', 'a picture frame', 'a bag of oranges']);
  // After a coupon or a sale the basket is paid for, so nothing more can be added.
  const state = { total: 0, checkedOut: false };

  const first = goods.peek()!;
  goods.take();
  const firstCount = rng.int(2, 8);
  const firstPrice = rng.int(first.min, first.max);
  const firstCost = calc(firstCount, ['*', firstPrice])!;
  state.total = firstCost.value;
  const intro: Outcome = {
    sentence: `${p.name} buys ${firstCount} ${first.many} for ${money(firstPrice)} each.`,
    lines: [line(`The ${first.many} cost {=}.`, firstCost, true)],
  };
  const events: Array<StoryEvent<typeof state>> = [
    {
      cost: 2,
      weight: 2,
      apply: (s) => {
        const good = goods.peek();
        if (s.checkedOut || !good) return null;
        const count = rng.int(2, 8);
        const price = rng.int(good.min, good.max);
        const cost = calc(count, ['*', price])!;
        const total = calc(s.total, ['+', cost.value]);
        if (!total) return null;
        goods.take();
        s.total = total.value;
        return {
          sentence: `${She} also buys ${count} ${good.many} at ${money(price)} each.`,
          lines: [line(`The ${good.many} cost {=}.`, cost, true), line(`So far ${p.subject} spends {=}.`, total, true)],
        };
      },
    },
    {
      cost: 1,
      maxUses: 2,
      apply: (s) => {
        const item = singles.peek();
        if (s.checkedOut || !item) return null;
        const price = rng.int(5, 40);
        const total = calc(s.total, ['+', price]);
        if (!total) return null;
        singles.take();
        s.total = total.value;
        return {
          sentence: `${She} adds ${item} that costs ${money(price)}.`,
          lines: [line(`That brings the total to {=}.`, total, true)],
        };
      },
    },
    {
      cost: 1,
      apply: (s) => {
        if (s.checkedOut || s.total < 12) return null;
        const coupon = rng.int(1, Math.min(10, Math.floor(s.total / 4))) * 2;
        const total = calc(s.total, ['-', coupon]);
        if (!total) return null;
        s.total = total.value;
        s.checkedOut = true;
        return {
          sentence: `At the checkout, ${p.subject} uses a coupon for ${money(coupon)} off.`,
          lines: [line(`With the coupon ${p.subject} pays {=}.`, total, true)],
        };
      },
    },
    {
      cost: 2,
      apply: (s) => {
        if (s.checkedOut) return null;
        return firstValid(rng, [10, 20, 25, 50], (rate) => {
          const discount = calc(s.total, ['*', rate], ['/', 100]);
          if (!discount) return null;
          const total = calc(s.total, ['-', discount.value]);
          if (!total) return null;
          s.total = total.value;
          s.checkedOut = true;
          return {
            sentence: `The shop is having a sale, so everything in ${p.possessive} basket is ${rate}% off.`,
            lines: [line(`The discount is {=}.`, discount, true), line(`${She} pays {=}.`, total, true)],
          };
        });
      },
    },
    {
      cost: 1,
      closing: true,
      apply: (s) => {
        const note = s.total < 50 ? 50 : s.total < 100 ? 100 : Math.ceil((s.total + 1) / 100) * 100;
        const change = calc(note, ['-', s.total]);
        if (!change) return null;
        return {
          sentence: `${She} pays with ${money(note)}.`,
          question: `How much change does ${p.subject} get back?`,
          lines: [line(`${capitalize(p.possessive)} change is {=}.`, change, true)],
        };
      },
    },
    {
      cost: 1,
      closing: true,
      apply: (s) =>
        firstValid(rng, [2, 3, 4, 5], (people) => {
          const each = calc(s.total, ['/', people]);
          if (!each) return null;
          const friends = people - 1;
          return {
            sentence: `${She} shares the cost equally with ${friends} ${friends === 1 ? 'friend' : 'friends'}.`,
            question: `How much does each person pay?`,
            lines: [line(`Each of the ${people} people pays {=}.`, each, true)],
          };
        }),
    },
  ];
  return composeStory(rng, steps, {
    state,
    intro,
    events,
    question: () => `How much does ${p.name} pay in total?`,
  });
}
