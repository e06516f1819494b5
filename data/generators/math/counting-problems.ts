import type { Random } from '../../../src/util/random.ts';
import { binomial, boxed, factorial, fracLatex, fraction, type MathDraft, type MathKind } from './math-kit.ts';

function choose(n: number, k: number): string {
  return `\\binom{${n}}{${k}}`;
}

function combinations(rng: Random, level: number): MathDraft {
  if (level === 1) {
    const n = rng.int(5, 16);
    const handshakes = binomial(n, 2);
    return {
      problem: `At a meeting, each of ${n} people shakes hands exactly once with each of the other people. How many handshakes take place?`,
      solution: `Each handshake is a choice of 2 people out of ${n}, so there are $${choose(n, 2)} = \\frac{${n} \\cdot ${n - 1}}{2} = ${boxed(`${handshakes}`)}$ handshakes.`,
      answer: `${handshakes}`,
    };
  }
  if (level === 2) {
    const n = rng.int(7, 12);
    const k = rng.int(3, 4);
    const ways = binomial(n, k);
    return {
      problem: `A club has ${n} members. In how many ways can it choose a ${k}-person committee?`,
      solution: `The order of the committee members does not matter, so the answer is $${choose(n, k)} = ${boxed(`${ways}`)}$.`,
      answer: `${ways}`,
    };
  }
  if (level === 3) {
    const boys = rng.int(5, 10);
    const girls = rng.int(5, 10);
    const i = rng.int(2, 3);
    const j = rng.int(2, 3);
    const ways = binomial(boys, i) * binomial(girls, j);
    return {
      problem: `A class has ${boys} boys and ${girls} girls. In how many ways can a teacher pick ${i} boys and ${j} girls for a quiz team?`,
      solution: `The boys can be chosen in $${choose(boys, i)} = ${binomial(boys, i)}$ ways and the girls in $${choose(girls, j)} = ${binomial(girls, j)}$ ways, so there are $${binomial(boys, i)} \\cdot ${binomial(girls, j)} = ${boxed(`${ways}`)}$ teams.`,
      answer: `${ways}`,
    };
  }
  if (level === 4) {
    const total = rng.int(9, 14);
    const seniors = rng.int(2, 4);
    const k = rng.int(3, 5);
    const all = binomial(total, k);
    const none = binomial(total - seniors, k);
    return {
      problem: `A group of ${total} volunteers includes ${seniors} who have done the job before. In how many ways can a ${k}-person crew be chosen that includes at least one of those ${seniors}?`,
      solution: `There are $${choose(total, k)} = ${all}$ crews in all, and $${choose(total - seniors, k)} = ${none}$ of them include none of the experienced volunteers. So $${all} - ${none} = ${boxed(`${all - none}`)}$ crews include at least one.`,
      answer: `${all - none}`,
    };
  }
  const colors = rng.shuffle(['red', 'blue', 'green', 'yellow', 'white', 'black']).slice(0, rng.int(3, 4));
  let counts: number[];
  do counts = colors.map(() => rng.int(1, 4));
  while (counts.reduce((a, b) => a + b) > 11 || counts.every((c) => c === 1));
  const n = counts.reduce((a, b) => a + b);
  const ways = factorial(n) / counts.reduce((acc, c) => acc * factorial(c), 1);
  const described = colors.map((color, i) => (counts[i] === 1 ? `1 ${color} bead` : `${counts[i]} identical ${color} beads`));
  return {
    problem: `In how many distinct ways can ${described.slice(0, -1).join(', ')} and ${described[described.length - 1]} be arranged in a row?`,
    solution: `There are $${n}!$ orders of ${n} beads, but swapping beads of the same color gives the same row, so the count is $\\frac{${n}!}{${counts.map((c) => `${c}!`).join('\\,')}} = ${boxed(`${ways}`)}$.`,
    answer: `${ways}`,
  };
}

function arrangements(rng: Random, level: number): MathDraft {
  if (level === 2) {
    const n = rng.int(6, 12);
    const ways = n * (n - 1) * (n - 2);
    return {
      problem: `${n} runners enter a race. In how many ways can the gold, silver and bronze medals be awarded, assuming there are no ties?`,
      solution: `There are ${n} choices for gold, then ${n - 1} for silver and ${n - 2} for bronze, so $${n} \\cdot ${n - 1} \\cdot ${n - 2} = ${boxed(`${ways}`)}$.`,
      answer: `${ways}`,
    };
  }
  if (level === 3) {
    const digits = rng.int(5, 9);
    const length = rng.int(3, 4);
    let ways = 1;
    for (let i = 0; i < length; i++) ways *= digits - i;
    const factors = Array.from({ length }, (_, i) => `${digits - i}`).join(' \\cdot ');
    return {
      problem: `How many ${length}-digit codes can be made from the digits 1 through ${digits} if no digit may be repeated?`,
      solution: `The first digit has ${digits} choices, and each later digit has one fewer, so there are $${factors} = ${boxed(`${ways}`)}$ codes.`,
      answer: `${ways}`,
    };
  }
  const n = rng.int(5, 8);
  const ways = 2 * factorial(n - 1);
  return {
    problem: `In how many ways can ${n} friends sit in a row of ${n} chairs if two of them, Ana and Ben, insist on sitting next to each other?`,
    solution: `Glue Ana and Ben into one block. The block and the other ${n - 2} friends make ${n - 1} units, which can be ordered in $${n - 1}!$ ways, and the pair can sit in 2 orders within the block. So there are $2 \\cdot ${n - 1}! = ${boxed(`${ways}`)}$ seatings.`,
    answer: `${ways}`,
  };
}

function diceSumCount(target: number): number {
  let count = 0;
  for (let a = 1; a <= 6; a++) for (let b = 1; b <= 6; b++) if (a + b === target) count++;
  return count;
}

function probability(rng: Random, level: number): MathDraft {
  const red = rng.int(2, 4 + level);
  const blue = rng.int(2, 4 + level);
  const green = rng.int(1, 3 + level);
  const total = red + blue + green;
  const bag = `A bag contains ${red} red, ${blue} blue and ${green} green marbles.`;
  if (level === 1) {
    const p = fraction(blue, total);
    return {
      problem: `${bag} One marble is drawn at random. What is the probability that it is blue? Express your answer as a common fraction.`,
      solution: `${blue} of the ${total} marbles are blue, so the probability is $\\frac{${blue}}{${total}} = ${boxed(fracLatex(p))}$.`,
      answer: fracLatex(p),
    };
  }
  if (level === 2) {
    const target = rng.int(3, 11);
    const ways = diceSumCount(target);
    const p = fraction(ways, 36);
    return {
      problem: `Two fair six-sided dice are rolled. What is the probability that the sum of the numbers rolled is ${target}? Express your answer as a common fraction.`,
      solution: `There are 36 equally likely outcomes, and ${ways} of them have sum ${target}. The probability is $\\frac{${ways}}{36} = ${boxed(fracLatex(p))}$.`,
      answer: fracLatex(p),
    };
  }
  if (level === 3) {
    const p = fraction(binomial(red, 2), binomial(total, 2));
    return {
      problem: `${bag} Two marbles are drawn at random without replacement. What is the probability that both are red? Express your answer as a common fraction.`,
      solution: `There are $${choose(total, 2)} = ${binomial(total, 2)}$ pairs of marbles, and $${choose(red, 2)} = ${binomial(red, 2)}$ of them are both red. The probability is $\\frac{${binomial(red, 2)}}{${binomial(total, 2)}} = ${boxed(fracLatex(p))}$.`,
      answer: fracLatex(p),
    };
  }
  if (level === 4) {
    const pairs = red * blue;
    const p = fraction(pairs, binomial(total, 2));
    return {
      problem: `${bag} Two marbles are drawn at random without replacement. What is the probability that one is red and the other is blue? Express your answer as a common fraction.`,
      solution: `There are $${choose(total, 2)} = ${binomial(total, 2)}$ equally likely pairs. A red-blue pair is one of ${red} red marbles with one of ${blue} blue ones, giving $${red} \\cdot ${blue} = ${pairs}$ pairs. The probability is $\\frac{${pairs}}{${binomial(total, 2)}} = ${boxed(fracLatex(p))}$.`,
      answer: fracLatex(p),
    };
  }
  const none = binomial(total - red, 3);
  const all = binomial(total, 3);
  const p = fraction(all - none, all);
  return {
    problem: `${bag} Three marbles are drawn at random without replacement. What is the probability that at least one of them is red? Express your answer as a common fraction.`,
    solution: `It is easier to count the complement. There are $${choose(total, 3)} = ${all}$ ways to draw three marbles and $${choose(total - red, 3)} = ${none}$ ways to draw no red marble. So the probability is $1 - \\frac{${none}}{${all}} = \\frac{${all - none}}{${all}} = ${boxed(fracLatex(p))}$.`,
    answer: fracLatex(p),
  };
}

export const countingProblems: readonly MathKind[] = [
  { subject: 'Counting & Probability', minLevel: 1, maxLevel: 5, make: combinations },
  { subject: 'Counting & Probability', minLevel: 2, maxLevel: 4, make: arrangements },
  { subject: 'Counting & Probability', minLevel: 1, maxLevel: 5, make: probability },
];
