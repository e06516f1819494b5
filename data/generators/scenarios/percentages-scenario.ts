import type { Random } from '../../../src/util/random.ts';
import {
  calc,
  capitalize,
  composeStory,
  firstValid,
  line,
  pickPerson,
  type Outcome,
  type Story,
  type StoryEvent,
} from '../story-kit.ts';

/** Each event has two phrasings so a story that repeats it still reads naturally. */
interface PercentContext {
  noun: string;
  intro: (n: number) => string;
  take: [(rate: number) => string, (rate: number) => string];
  takeLine: string;
  lose: [(rate: number) => string, (rate: number) => string];
  loseLine: string;
  more: [(m: number) => string, (m: number) => string];
  pack: (size: number) => string;
  packQuestion: string;
  question: string;
}

/** A stock of things shrinking by whole-number percentages, then packed or compared. */
export function percentagesScenario(rng: Random, steps: number): Story | null {
  const p = pickPerson(rng);
  const She = capitalize(p.subject);
  const fruit = rng.pick(['apples', 'peaches', 'pears', 'plums']);
  const contexts: PercentContext[] = [
    {
      noun: fruit,
      intro: (n) => `${p.name} picks ${n} ${fruit} from ${p.possessive} orchard.`,
      take: [
        (r) => `${She} sells ${r}% of them at the market.`,
        (r) => `At a second market ${p.subject} sells ${r}% of the ${fruit} ${p.subject} still has.`,
      ],
      takeLine: `${She} sells {=} ${fruit}.`,
      lose: [
        (r) => `${r}% of the ${fruit} ${p.subject} still has are bruised, so ${p.subject} throws them away.`,
        (r) => `A few days later, ${r}% of the remaining ${fruit} have gone soft and are thrown away.`,
      ],
      loseLine: `{=} ${fruit} are thrown away.`,
      more: [
        (m) => `The next day ${p.subject} picks ${m} more ${fruit}.`,
        (m) => `${capitalize(p.possessive)} neighbor gives ${p.object} ${m} ${fruit}.`,
      ],
      pack: (size) => `${She} packs all of ${p.possessive} ${fruit} into crates of ${size}.`,
      packQuestion: `How many crates does ${p.subject} fill?`,
      question: `How many ${fruit} does ${p.name} have now?`,
    },
    {
      noun: 'books',
      intro: (n) => `A bookstore has ${n} books in stock.`,
      take: [
        (r) => `During a sale it sells ${r}% of them.`,
        (r) => `The following month it sells ${r}% of the books that are left.`,
      ],
      takeLine: `The store sells {=} books.`,
      lose: [
        (r) => `${r}% of the books still on hand turn out to be damaged and are sent back to the publisher.`,
        (r) => `After a leak in the roof, ${r}% of the remaining books are too wet to sell and are thrown out.`,
      ],
      loseLine: `{=} books are removed.`,
      more: [(m) => `A delivery brings ${m} more books.`, (m) => `A customer donates ${m} used books to the store.`],
      pack: (size) => `The store puts all its books on shelves that hold ${size} books each, with no gaps.`,
      packQuestion: `How many shelves are used?`,
      question: `How many books does the store have now?`,
    },
    {
      noun: 'toys',
      intro: (n) => `A small factory makes ${n} wooden toys in one week.`,
      take: [
        (r) => `${r}% of them are shipped to a toy shop right away.`,
        (r) => `Then ${r}% of the toys still in the factory are sent to a school fair.`,
      ],
      takeLine: `{=} toys are sent out.`,
      lose: [
        (r) => `An inspector finds that ${r}% of the toys still in the factory have a defect, and they are recycled.`,
        (r) => `A second check finds that ${r}% of the remaining toys are painted the wrong color, and they are recycled too.`,
      ],
      loseLine: `{=} toys are recycled.`,
      more: [(m) => `The workers make ${m} more toys on Saturday.`, (m) => `The night shift adds another ${m} toys.`],
      pack: (size) => `All the toys in the factory are packed into boxes of ${size}.`,
      packQuestion: `How many boxes are filled?`,
      question: `How many toys are in the factory now?`,
    },
  ];
  const c = rng.pick(contexts);
  const original = rng.int(4, 40) * rng.pick([20, 25]);
  const state = { count: original, takes: 0, losses: 0, additions: 0 };
  const rates = [10, 20, 25, 30, 40, 50, 60, 75, 80];
  const reduce = (s: typeof state, rate: number, sentence: string, firstLine: string): Outcome | null => {
    const removed = calc(s.count, ['*', rate], ['/', 100]);
    if (!removed) return null;
    const left = calc(s.count, ['-', removed.value]);
    if (!left) return null;
    s.count = left.value;
    return { sentence, lines: [line(firstLine, removed), line(`{=} ${c.noun} are left.`, left)] };
  };
  const events: Array<StoryEvent<typeof state>> = [
    {
      cost: 2,
      maxUses: 2,
      apply: (s) => {
        const outcome = firstValid(rng, rates, (rate) => reduce(s, rate, c.take[s.takes]!(rate), c.takeLine));
        if (outcome) s.takes++;
        return outcome;
      },
    },
    {
      cost: 2,
      maxUses: 2,
      apply: (s) => {
        const phrase = c.lose[s.losses]!;
        const outcome = firstValid(rng, rates.filter((r) => r <= 50), (rate) => reduce(s, rate, phrase(rate), c.loseLine));
        if (outcome) s.losses++;
        return outcome;
      },
    },
    {
      cost: 1,
      maxUses: 2,
      apply: (s) => {
        const more = rng.int(2, 12) * 10;
        const total = calc(s.count, ['+', more]);
        if (!total) return null;
        s.count = total.value;
        return { sentence: c.more[s.additions++]!(more), lines: [line(`There are now {=} ${c.noun}.`, total)] };
      },
    },
    {
      cost: 1,
      closing: true,
      apply: (s) =>
        firstValid(rng, [4, 5, 6, 8, 10, 12, 15, 20, 25], (size) => {
          const boxes = calc(s.count, ['/', size]);
          if (!boxes) return null;
          return { sentence: c.pack(size), question: c.packQuestion, lines: [line(`That fills {=} of them.`, boxes)] };
        }),
    },
    {
      cost: 1,
      closing: true,
      apply: (s) => {
        if (s.count >= original) return null;
        const percent = calc(s.count, ['*', 100], ['/', original]);
        if (!percent) return null;
        return {
          sentence: `Nothing else happens to the ${c.noun}.`,
          question: `What percent of the original ${original} ${c.noun} are left?`,
          lines: [line(`{=}% of the ${c.noun} are left.`, percent)],
        };
      },
    },
  ];
  return composeStory(rng, steps, {
    state,
    intro: { sentence: c.intro(original), lines: [] },
    events,
    question: () => c.question,
  });
}
