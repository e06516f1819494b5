import type { Random } from '../../../src/util/random.ts';
import {
  calc,
  capitalize,
  composeStory,
  Deck,
  firstValid,
  line,
  pickPerson,
  type Outcome,
  type Story,
  type StoryEvent,
} from '../story-kit.ts';

/** Distance = speed x time over several legs, then distance left, fuel used or average speed. */
export function travelScenario(rng: Random, steps: number): Story | null {
  const unit = rng.pick(['miles', 'kilometers']);
  const p = pickPerson(rng);
  const She = capitalize(p.subject);
  const travellers = [
    { who: p.name, the: p.name, pronoun: She, possessive: p.possessive, verb: 'drives', base: 'drive', vehicle: `${capitalize(p.possessive)} car`, min: 30, max: 70, fuel: true },
    { who: 'A train', the: 'the train', pronoun: 'It', possessive: 'its', verb: 'travels', base: 'travel', vehicle: 'The train', min: 60, max: 120, fuel: false },
    { who: 'A bus', the: 'the bus', pronoun: 'It', possessive: 'its', verb: 'travels', base: 'travel', vehicle: 'The bus', min: 30, max: 60, fuel: true },
    { who: p.name, the: p.name, pronoun: She, possessive: p.possessive, verb: 'cycles', base: 'cycle', vehicle: '', min: 10, max: 24, fuel: false },
  ];
  const t = rng.pick(travellers);
  const pronoun = t.pronoun.toLowerCase();
  const speed = rng.int(t.min, t.max);
  const hours = rng.int(2, 6);
  const first = calc(speed, ['*', hours])!;
  // `untimed` marks distance covered at an unknown speed, which rules out an average speed.
  const state = { distance: first.value, legs: [hours], untimed: false, returned: false };
  const pauses = new Deck(rng, ['After a short break', 'After lunch', 'Later in the day', 'After stopping for a photo']);
  const intro: Outcome = {
    sentence: `${t.who} ${t.verb} at ${speed} ${unit} per hour for ${hours} hours.`,
    lines: [line(`In the first ${hours} hours, ${pronoun} covers {=} ${unit}.`, first)],
  };
  const events: Array<StoryEvent<typeof state>> = [
    {
      cost: 2,
      weight: 2,
      maxUses: 3,
      apply: (s) => {
        if (s.returned) return null;
        const legSpeed = rng.int(t.min, t.max);
        const legHours = rng.int(1, 5);
        const leg = calc(legSpeed, ['*', legHours])!;
        const total = calc(s.distance, ['+', leg.value]);
        if (!total) return null;
        s.distance = total.value;
        s.legs.push(legHours);
        return {
          sentence: `${t.pronoun} then ${t.verb} at ${legSpeed} ${unit} per hour for ${legHours} more ${legHours === 1 ? 'hour' : 'hours'}.`,
          lines: [line(`That part covers {=} ${unit}.`, leg), line(`Altogether that is {=} ${unit}.`, total)],
        };
      },
    },
    {
      cost: 1,
      maxUses: 2,
      apply: (s) => {
        const pause = pauses.peek();
        if (s.returned || !pause) return null;
        const extra = rng.int(3, 40);
        const total = calc(s.distance, ['+', extra]);
        if (!total) return null;
        pauses.take();
        s.distance = total.value;
        s.untimed = true;
        return {
          sentence: `${pause}, ${pronoun} ${t.verb} another ${extra} ${unit}.`,
          lines: [line(`The distance so far is {=} ${unit}.`, total)],
        };
      },
    },
    {
      cost: 1,
      weight: 0.5,
      apply: (s) => {
        if (s.returned) return null;
        const total = calc(s.distance, ['*', 2]);
        if (!total) return null;
        s.distance = total.value;
        s.returned = true;
        s.untimed = true;
        return {
          sentence: `${t.pronoun} then makes the same journey back along the same route.`,
          lines: [line(`There and back is {=} ${unit}.`, total)],
        };
      },
    },
    {
      cost: 1,
      closing: true,
      apply: (s) => {
        if (s.returned) return null;
        const whole = s.distance + rng.int(1, 30) * 5;
        const left = calc(whole, ['-', s.distance]);
        if (!left) return null;
        return {
          sentence: `The whole journey is ${whole} ${unit} long.`,
          question: `How many ${unit} are still left to go?`,
          lines: [line(`There are {=} ${unit} left.`, left)],
        };
      },
    },
    {
      cost: 1,
      closing: true,
      apply: (s) => {
        if (!t.fuel) return null;
        return firstValid(rng, [4, 5, 6, 8, 10, 12, 15], (per) => {
          const fuel = calc(s.distance, ['/', per]);
          if (!fuel) return null;
          return {
            sentence: `${t.vehicle} uses 1 liter of fuel for every ${per} ${unit}.`,
            question: `How many liters of fuel are used for the whole trip?`,
            lines: [line(`The trip uses {=} liters of fuel.`, fuel)],
          };
        });
      },
    },
    {
      cost: 2,
      closing: true,
      apply: (s) => {
        if (s.untimed || s.legs.length < 2) return null;
        const [firstLeg, ...otherLegs] = s.legs as [number, ...number[]];
        const totalHours = calc(firstLeg, ...otherLegs.map((h): ['+', number] => ['+', h]))!;
        const average = calc(s.distance, ['/', totalHours.value]);
        if (!average) return null;
        return {
          sentence: `${t.pronoun} makes no other stops.`,
          question: `What is ${t.possessive} average speed for the whole trip, in ${unit} per hour?`,
          lines: [
            line(`The trip takes {=} hours.`, totalHours),
            line(`The average speed is {=} ${unit} per hour.`, average),
          ],
        };
      },
    },
  ];
  return composeStory(rng, steps, {
    state,
    intro,
    events,
    question: () => `How many ${unit} does ${t.the} ${t.base} in total?`,
  });
}
