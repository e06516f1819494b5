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

/** Hourly pay for a week, then bonus, tax and spending. */
export function wagesScenario(rng: Random, steps: number): Story | null {
  const p = pickPerson(rng);
  const She = capitalize(p.subject);
  const job = rng.pick(['at a cafe', 'at a bike shop', 'as a tutor', 'at a garden center', 'at the library']);
  const hours = rng.int(3, 9);
  const rate = rng.int(8, 30);
  const daily = calc(hours, ['*', rate])!;
  const expenses = rng.shuffle(['bus fares', 'lunches', 'a new phone case', 'groceries', 'a concert ticket']);
  // Pay comes first (days, bonus, tax), spending after, so the order reads like a real week.
  const state = { money: daily.value, weekly: false, bonus: false, taxed: false, spent: 0 };
  const intro: Outcome = {
    sentence: `${p.name} works ${job} for ${hours} hours a day and earns ${money(rate)} an hour.`,
    lines: [line(`${She} earns {=} a day.`, daily, true)],
  };
  const events: Array<StoryEvent<typeof state>> = [
    {
      cost: 2,
      maxUses: 1,
      apply: (s) => {
        if (!s.weekly || s.taxed || s.spent > 0) return null;
        const extraHours = rng.int(2, 6);
        const extraRate = rate + rng.int(2, 8);
        const overtime = calc(extraHours, ['*', extraRate])!;
        const total = calc(s.money, ['+', overtime.value]);
        if (!total) return null;
        s.money = total.value;
        return {
          sentence: `On Saturday ${p.subject} works ${extraHours} hours of overtime at ${money(extraRate)} an hour.`,
          lines: [line(`The overtime pays {=}.`, overtime, true), line(`That brings ${p.possessive} pay to {=}.`, total, true)],
        };
      },
    },
    {
      cost: 1,
      weight: 4,
      apply: (s) => {
        if (s.weekly) return null;
        const days = rng.int(2, 6);
        const total = calc(s.money, ['*', days]);
        if (!total) return null;
        s.money = total.value;
        s.weekly = true;
        return {
          sentence: `${She} works ${days} days this week.`,
          lines: [line(`In ${days} days ${p.subject} earns {=}.`, total, true)],
        };
      },
    },
    {
      cost: 1,
      apply: (s) => {
        if (!s.weekly || s.bonus || s.taxed || s.spent > 0) return null;
        const bonus = rng.int(2, 20) * 5;
        const total = calc(s.money, ['+', bonus]);
        if (!total) return null;
        s.money = total.value;
        s.bonus = true;
        return {
          sentence: `${She} also gets a ${money(bonus)} bonus.`,
          lines: [line(`With the bonus ${p.subject} has {=}.`, total, true)],
        };
      },
    },
    {
      cost: 2,
      apply: (s) => {
        if (!s.weekly || s.taxed || s.spent > 0) return null;
        return firstValid(rng, [5, 10, 15, 20, 25], (taxRate) => {
          const tax = calc(s.money, ['*', taxRate], ['/', 100]);
          if (!tax) return null;
          const left = calc(s.money, ['-', tax.value]);
          if (!left) return null;
          s.money = left.value;
          s.taxed = true;
          return {
            sentence: `${taxRate}% of ${p.possessive} pay is taken out for taxes.`,
            lines: [line(`The tax is {=}.`, tax, true), line(`${She} keeps {=}.`, left, true)],
          };
        });
      },
    },
    {
      cost: 1,
      apply: (s) => {
        if (!s.weekly || s.money < 30 || s.spent >= 3) return null;
        const spent = rng.int(2, Math.min(20, Math.floor(s.money / 10))) * 5;
        const left = calc(s.money, ['-', spent]);
        if (!left) return null;
        s.money = left.value;
        const expense = expenses[s.spent++]!;
        return {
          sentence: `${She} spends ${money(spent)} on ${expense}.`,
          lines: [line(`${She} has {=} left.`, left, true)],
        };
      },
    },
    {
      cost: 1,
      closing: true,
      apply: (s) => {
        if (!s.weekly) return null;
        const saved = calc(s.money, ['/', 2]);
        if (!saved) return null;
        return {
          sentence: `${She} puts half of what ${p.subject} has into a savings account.`,
          question: `How much money does ${p.subject} put into savings?`,
          lines: [line(`${She} saves {=}.`, saved, true)],
        };
      },
    },
  ];
  return composeStory(rng, steps, {
    state,
    intro,
    events,
    question: (s) => (s.weekly ? `How much money does ${p.name} end up with this week?` : `How much does ${p.name} earn in one day?`),
  });
}
