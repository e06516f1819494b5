import type { Random } from '../../src/util/random.ts';

/**
 * Shared building blocks for the word-problem scenarios: exact integer calculations rendered
 * with GSM8K calculator annotations, characters with pronouns, and a composer that strings
 * events together until a requested number of solution steps is reached.
 */

export type Operator = '+' | '-' | '*' | '/';

export interface Calculation {
  /** The annotation's expression, e.g. `16-3`. */
  expr: string;
  /** How the calculation reads in the solution text, e.g. `16 - 3`. */
  shown: string;
  value: number;
}

/** Keeps generated numbers in the range a grade-school problem would use. */
export const maxValue = 1_000_000;

/**
 * Evaluates left to right and returns null unless every partial result is a positive integer
 * within range. Left to right is only safe because callers never mix + or - with * or / in
 * one calculation, so precedence cannot change the value.
 */
export function calc(first: number, ...rest: Array<[Operator, number]>): Calculation | null {
  let value = first;
  let expr = String(first);
  let shown = String(first);
  for (const [op, operand] of rest) {
    if (op === '+') value += operand;
    else if (op === '-') value -= operand;
    else if (op === '*') value *= operand;
    else value /= operand;
    if (!Number.isInteger(value) || value <= 0 || value > maxValue) return null;
    expr += `${op}${operand}`;
    shown += ` ${op} ${operand}`;
  }
  if (!Number.isInteger(value) || value <= 0 || value > maxValue) return null;
  return { expr, shown, value };
}

export interface SolutionLine {
  text: string;
  value: number;
}

/**
 * Renders one solution line: `{=}` in the template becomes `16 - 3 = <<16-3=13>>13`, with a
 * dollar sign before the annotation for money as GSM8K writes it.
 */
export function line(template: string, calculation: Calculation, money = false): SolutionLine {
  const rendered = `${calculation.shown} = ${money ? '$' : ''}<<${calculation.expr}=${calculation.value}>>${calculation.value}`;
  if (!template.includes('{=}')) throw new Error(`solution template lacks {=}: ${template}`);
  return { text: template.replace('{=}', rendered), value: calculation.value };
}

export interface Person {
  name: string;
  /** she / he */
  subject: string;
  /** her / him */
  object: string;
  /** her / his */
  possessive: string;
  /** herself / himself */
  reflexive: string;
}

const femaleNames = [
  'Maya', 'Priya', 'Sofia', 'Amara', 'Hannah', 'Lucia', 'Chloe', 'Nadia', 'Ingrid', 'Zara',
  'Mei', 'Fatima', 'Elena', 'Rosa', 'Keiko', 'Olivia', 'Aisha', 'Greta', 'Leila', 'Tamsin',
];
const maleNames = [
  'Omar', 'Leo', 'Tariq', 'Mateo', 'Jonas', 'Kwame', 'Ravi', 'Felix', 'Diego', 'Hugo',
  'Arjun', 'Samuel', 'Kenji', 'Tomas', 'Elias', 'Bruno', 'Idris', 'Nico', 'Oscar', 'Wei',
];

function female(name: string): Person {
  return { name, subject: 'she', object: 'her', possessive: 'her', reflexive: 'herself' };
}

function male(name: string): Person {
  return { name, subject: 'he', object: 'him', possessive: 'his', reflexive: 'himself' };
}

export function pickPerson(rng: Random): Person {
  return rng.int(0, 1) === 0 ? female(rng.pick(femaleNames)) : male(rng.pick(maleNames));
}

/** Several people with distinct names, for stories that compare characters. */
export function pickPeople(rng: Random, count: number): Person[] {
  const pool = [...femaleNames.map(female), ...maleNames.map(male)];
  return rng.shuffle(pool).slice(0, count);
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function money(amount: number): string {
  return `$${amount}`;
}

/** One thing that happens in a story: a sentence of the question and the lines that solve it. */
export interface Outcome {
  sentence: string;
  lines: SolutionLine[];
  /** Set by closing events, which end the story with their own question. */
  question?: string;
}

export interface StoryEvent<S> {
  /** Number of solution lines the event adds; checked against what `apply` returns. */
  cost: number;
  /** Closing events ask the question themselves, so they can only come last. */
  closing?: boolean;
  weight?: number;
  /** How often the event may happen in one story; repeats read as filler. Unlimited if unset. */
  maxUses?: number;
  /** Returns null, leaving `state` untouched, when the event does not fit the current state. */
  apply(state: S, rng: Random): Outcome | null;
}

export interface Story {
  sentences: string[];
  question: string;
  lines: SolutionLine[];
}

export interface StoryPlan<S> {
  state: S;
  intro: Outcome;
  events: ReadonlyArray<StoryEvent<S>>;
  /** The question asked when no closing event ends the story. */
  question(state: S): string;
}

const connectors = ['Then', 'After that,', 'Later,', 'Next,'];

/** Sentences starting with a pronoun read better with an occasional connector in front. */
function withConnector(sentence: string, rng: Random): string {
  if (!/^(She|He|It) /.test(sentence) || / then /.test(sentence) || rng.float() >= 0.3) return sentence;
  return `${rng.pick(connectors)} ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`;
}

function pickWeighted<T extends { weight?: number }>(rng: Random, items: readonly T[]): T {
  const total = items.reduce((sum, item) => sum + (item.weight ?? 1), 0);
  let draw = rng.float() * total;
  for (const item of items) {
    draw -= item.weight ?? 1;
    if (draw < 0) return item;
  }
  return items[items.length - 1]!;
}

/**
 * Appends random applicable events until the solution has exactly `steps` lines. Returns null
 * when the story paints itself into a corner (e.g. nothing divides evenly); callers retry.
 */
export function composeStory<S>(rng: Random, steps: number, plan: StoryPlan<S>): Story | null {
  const sentences = [plan.intro.sentence];
  const lines = [...plan.intro.lines];
  let question: string | undefined;
  const uses = new Map<StoryEvent<S>, number>();
  while (lines.length < steps) {
    const remaining = steps - lines.length;
    const candidates = plan.events.filter(
      (event) =>
        event.cost <= remaining &&
        (!event.closing || event.cost === remaining) &&
        (uses.get(event) ?? 0) < (event.maxUses ?? Number.POSITIVE_INFINITY),
    );
    if (candidates.length === 0) return null;
    let outcome: Outcome | null = null;
    for (let attempt = 0; attempt < 20 && outcome === null; attempt++) {
      const event = pickWeighted(rng, candidates);
      outcome = event.apply(plan.state, rng);
      if (outcome === null) continue;
      if (outcome.lines.length !== event.cost) {
        throw new Error(`event declared cost ${event.cost} but produced ${outcome.lines.length} lines`);
      }
      uses.set(event, (uses.get(event) ?? 0) + 1);
    }
    if (outcome === null) return null;
    // Right after the introduction a connector reads as if something was skipped.
    sentences.push(sentences.length === 1 ? outcome.sentence : withConnector(outcome.sentence, rng));
    lines.push(...outcome.lines);
    if (outcome.question !== undefined) question = outcome.question;
  }
  if (lines.length !== steps) return null;
  return { sentences, question: question ?? plan.question(plan.state), lines };
}

/** Tries options in random order and returns the first that works, e.g. a divisor that divides evenly. */
export function firstValid<T, R>(rng: Random, options: readonly T[], attempt: (option: T) => R | null): R | null {
  for (const option of rng.shuffle(options)) {
    const result = attempt(option);
    if (result !== null) return result;
  }
  return null;
}

/** `a`, `a and b`, `a, b and c`. */
export function listPhrase(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}

/** Builds a story with exactly `steps` solution lines, or null if this attempt got stuck. */
export type WordProblemScenario = (rng: Random, steps: number) => Story | null;

export interface Thing {
  one: string;
  many: string;
}

/**
 * Hands out list items in a shuffled order without repeats, so a story never buys the same
 * thing twice. `peek` then `take` lets an event give up without using an item.
 */
export class Deck<T> {
  private next = 0;
  private readonly order: T[];

  constructor(rng: Random, items: readonly T[]) {
    this.order = rng.shuffle(items);
  }

  peek(): T | null {
    return this.next < this.order.length ? this.order[this.next]! : null;
  }

  take(): void {
    this.next++;
  }
}
