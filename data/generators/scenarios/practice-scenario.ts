import type { Random } from '../../../src/util/random.ts';
import {
  calc,
  capitalize,
  composeStory,
  line,
  pickPerson,
  type Outcome,
  type Story,
  type StoryEvent,
} from '../story-kit.ts';

/** Minutes of practice added up, then converted to hours or compared with a goal. */
export function practiceScenario(rng: Random, steps: number): Story | null {
  const p = pickPerson(rng);
  const She = capitalize(p.subject);
  const activity = rng.pick(['the piano', 'the violin', 'the guitar', 'chess', 'swimming', 'juggling']);
  const minutes = rng.int(3, 18) * 5;
  const days = rng.int(3, 12);
  const total = calc(minutes, ['*', days])!;
  const state = { minutes: total.value, weekendSessions: 0 };
  const intro: Outcome = {
    sentence: `${p.name} practices ${activity} for ${minutes} minutes a day for ${days} days.`,
    lines: [line(`${She} practices for {=} minutes.`, total)],
  };
  const events: Array<StoryEvent<typeof state>> = [
    {
      cost: 1,
      maxUses: 2,
      apply: (s) => {
        const extra = rng.int(2, 12) * 5;
        const sum = calc(s.minutes, ['+', extra]);
        if (!sum) return null;
        s.minutes = sum.value;
        const day = s.weekendSessions++ === 0 ? 'Saturday' : 'Sunday';
        return {
          sentence: `On ${day} ${p.subject} adds one long session of ${extra} minutes.`,
          lines: [line(`That makes {=} minutes.`, sum)],
        };
      },
    },
    {
      cost: 1,
      maxUses: 1,
      apply: (s) => {
        const left = calc(s.minutes, ['-', minutes]);
        if (!left) return null;
        s.minutes = left.value;
        return {
          sentence: `${She} misses one of those ${days} days because of a school trip.`,
          lines: [line(`Without that day it is {=} minutes.`, left)],
        };
      },
    },
    {
      cost: 2,
      maxUses: 1,
      apply: (s) => {
        const lessons = rng.int(2, 5);
        const length = rng.pick([30, 40, 45, 50, 60]);
        const lessonTime = calc(lessons, ['*', length])!;
        const sum = calc(s.minutes, ['+', lessonTime.value]);
        if (!sum) return null;
        s.minutes = sum.value;
        return {
          sentence: `${She} also has ${lessons} lessons with a coach that last ${length} minutes each.`,
          lines: [line(`The lessons take {=} minutes.`, lessonTime), line(`In total that is {=} minutes.`, sum)],
        };
      },
    },
    {
      cost: 1,
      maxUses: 1,
      apply: (s) => {
        // Stopping early can only cut short one day's session.
        const missed = rng.int(1, minutes / 5 - 1) * 5;
        const left = calc(s.minutes, ['-', missed]);
        if (!left) return null;
        s.minutes = left.value;
        return {
          sentence: `One evening ${p.subject} stops ${missed} minutes early because of a headache.`,
          lines: [line(`That leaves {=} minutes.`, left)],
        };
      },
    },
    {
      cost: 1,
      closing: true,
      apply: (s) => {
        const hours = calc(s.minutes, ['/', 60]);
        if (!hours) return null;
        return {
          sentence: `${p.name} writes every session down in a notebook.`,
          question: `How many hours does ${p.subject} spend on ${activity} in total?`,
          lines: [line(`That is {=} hours.`, hours)],
        };
      },
    },
    {
      cost: 1,
      closing: true,
      apply: (s) => {
        const goal = (Math.floor(s.minutes / 60) + rng.int(1, 5)) * 60;
        const more = calc(goal, ['-', s.minutes]);
        if (!more) return null;
        return {
          sentence: `${capitalize(p.possessive)} coach set a goal of ${goal} minutes in total.`,
          question: `How many more minutes does ${p.subject} need to reach the goal?`,
          lines: [line(`${She} needs {=} more minutes.`, more)],
        };
      },
    },
  ];
  return composeStory(rng, steps, {
    state,
    intro,
    events,
    question: () => `How many minutes does ${p.name} spend on ${activity} in total?`,
  });
}
