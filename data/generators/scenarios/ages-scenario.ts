import type { Random } from '../../../src/util/random.ts';
import {
  calc,
  composeStory,
  line,
  listPhrase,
  pickPeople,
  type Outcome,
  type Story,
  type StoryEvent,
} from '../story-kit.ts';

/** A chain of people whose ages are defined relative to each other. */
export function agesScenario(rng: Random, steps: number): Story | null {
  const cast = pickPeople(rng, steps + 1);
  const firstAge = rng.int(4, 40);
  const state = { known: [{ name: cast[0]!.name, age: firstAge }] };
  const intro: Outcome = { sentence: `${cast[0]!.name} is ${firstAge} years old.`, lines: [] };
  const newcomer = (s: typeof state) => cast[s.known.length]!;
  const reference = (s: typeof state) => (rng.float() < 0.7 ? s.known[s.known.length - 1]! : rng.pick(s.known));
  const relate = (
    s: typeof state,
    describe: (newName: string, refName: string) => string,
    compute: (refAge: number) => ReturnType<typeof calc>,
  ): Outcome | null => {
    const ref = reference(s);
    const who = newcomer(s);
    const age = compute(ref.age);
    if (!age || age.value > 95 || age.value < 2) return null;
    s.known.push({ name: who.name, age: age.value });
    return { sentence: describe(who.name, ref.name), lines: [line(`${who.name} is {=} years old.`, age)] };
  };
  const events: Array<StoryEvent<typeof state>> = [
    {
      cost: 1,
      weight: 2,
      apply: (s) => {
        const gap = rng.int(2, 30);
        return relate(s, (a, b) => `${a} is ${gap} years older than ${b}.`, (age) => calc(age, ['+', gap]));
      },
    },
    {
      cost: 1,
      weight: 2,
      apply: (s) => {
        const gap = rng.int(2, 25);
        return relate(s, (a, b) => `${a} is ${gap} years younger than ${b}.`, (age) => calc(age, ['-', gap]));
      },
    },
    {
      cost: 1,
      maxUses: 2,
      apply: (s) => {
        const [word, factor] = rng.pick([['twice', 2], ['three times', 3], ['four times', 4]] as Array<[string, number]>);
        return relate(s, (a, b) => `${a} is ${word} as old as ${b}.`, (age) => calc(age, ['*', factor]));
      },
    },
    {
      cost: 1,
      maxUses: 2,
      apply: (s) => relate(s, (a, b) => `${a} is half as old as ${b}.`, (age) => calc(age, ['/', 2])),
    },
    {
      cost: 1,
      closing: true,
      apply: (s) => {
        if (s.known.length < 3) return null;
        const [first, ...others] = s.known.map((k) => k.age) as [number, ...number[]];
        const sum = calc(first, ...others.map((a): ['+', number] => ['+', a]))!;
        return {
          sentence: `${listPhrase(s.known.map((k) => k.name))} are planning a party.`,
          question: `What is the sum of their ages?`,
          lines: [line(`Together they are {=} years old.`, sum)],
        };
      },
    },
    {
      cost: 1,
      closing: true,
      apply: (s) => {
        if (s.known.length < 2) return null;
        const last = s.known[s.known.length - 1]!;
        const years = rng.int(2, 15);
        const future = calc(last.age, ['+', years]);
        if (!future) return null;
        return {
          sentence: `${last.name} is saving up for a trip in ${years} years.`,
          question: `How old will ${last.name} be then?`,
          lines: [line(`In ${years} years ${last.name} will be {=} years old.`, future)],
        };
      },
    },
    {
      cost: 1,
      closing: true,
      apply: (s) => {
        if (s.known.length < 3) return null;
        const sorted = [...s.known].sort((a, b) => b.age - a.age);
        const oldest = sorted[0]!;
        const youngest = sorted[sorted.length - 1]!;
        if (sorted.filter((k) => k.age === oldest.age || k.age === youngest.age).length !== 2) return null;
        const gap = calc(oldest.age, ['-', youngest.age]);
        if (!gap) return null;
        return {
          sentence: `Their ages are all different.`,
          question: `How many years older is the oldest of them than the youngest?`,
          lines: [line(`${oldest.name} is the oldest and ${youngest.name} the youngest, so the gap is {=} years.`, gap)],
        };
      },
    },
  ];
  return composeStory(rng, steps, {
    state,
    intro,
    events,
    question: (s) => `How old is ${s.known[s.known.length - 1]!.name}?`,
  });
}
