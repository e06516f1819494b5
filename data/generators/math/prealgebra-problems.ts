import type { Random } from '../../../src/util/random.ts';
import {
  addFractions,
  boxed,
  divideFractions,
  fracLatex,
  fraction,
  gcd,
  lcm,
  multiplyFractions,
  subtractFractions,
  type Fraction,
  type MathDraft,
  type MathKind,
} from './math-kit.ts';

const express = 'Express your answer as a common fraction in simplest form.';

function properFraction(rng: Random, maxDen: number): Fraction {
  const den = rng.int(2, maxDen);
  return fraction(rng.int(1, den - 1), den);
}

function raw(f: Fraction): string {
  return `\\frac{${f.num}}{${f.den}}`;
}

function fractionArithmetic(rng: Random, level: number): MathDraft {
  if (level === 1) {
    const den = rng.int(5, 15);
    const a = rng.int(1, den - 2);
    const b = rng.int(1, den - a - 1);
    const sum = fraction(a + b, den);
    return {
      problem: `Find $\\frac{${a}}{${den}} + \\frac{${b}}{${den}}$. ${express}`,
      solution: `The denominators match, so add the numerators: $\\frac{${a} + ${b}}{${den}} = \\frac{${a + b}}{${den}} = ${boxed(fracLatex(sum))}$.`,
      answer: fracLatex(sum),
    };
  }
  if (level === 2 || level === 3) {
    let x: Fraction, y: Fraction;
    do {
      x = properFraction(rng, level === 2 ? 8 : 12);
      y = properFraction(rng, level === 2 ? 8 : 12);
    } while (x.den === y.den || (level === 3 && x.num * y.den <= y.num * x.den));
    const subtract = level === 3;
    const common = lcm(x.den, y.den);
    const xn = x.num * (common / x.den);
    const yn = y.num * (common / y.den);
    const result = subtract ? subtractFractions(x, y) : addFractions(x, y);
    const op = subtract ? '-' : '+';
    return {
      problem: `What is $${raw(x)} ${op} ${raw(y)}$? ${express}`,
      solution: `Using the common denominator ${common}, $${raw(x)} ${op} ${raw(y)} = \\frac{${xn}}{${common}} ${op} \\frac{${yn}}{${common}} = \\frac{${subtract ? xn - yn : xn + yn}}{${common}} = ${boxed(fracLatex(result))}$.`,
      answer: fracLatex(result),
    };
  }
  if (level === 4) {
    const x = properFraction(rng, 9);
    const y = properFraction(rng, 9);
    const z = properFraction(rng, 9);
    const product = multiplyFractions(x, y);
    const result = divideFractions(product, z);
    return {
      problem: `Simplify $${raw(x)} \\cdot ${raw(y)} \\div ${raw(z)}$.`,
      solution: `First, $${raw(x)} \\cdot ${raw(y)} = ${fracLatex(product)}$. Dividing by $${raw(z)}$ is multiplying by $\\frac{${z.den}}{${z.num}}$, so the result is $${fracLatex(product)} \\cdot \\frac{${z.den}}{${z.num}} = ${boxed(fracLatex(result))}$.`,
      answer: fracLatex(result),
    };
  }
  const wholeA = rng.int(1, 5);
  const wholeB = rng.int(1, 4);
  const partA = properFraction(rng, 9);
  let partB = properFraction(rng, 9);
  while (partB.den === partA.den) partB = properFraction(rng, 9);
  const a = addFractions(fraction(wholeA, 1), partA);
  const b = addFractions(fraction(wholeB, 1), partB);
  const result = addFractions(a, b);
  return {
    problem: `Compute $${wholeA}${raw(partA)} + ${wholeB}${raw(partB)}$ and write the result as an improper fraction in simplest form.`,
    solution: `As improper fractions, $${wholeA}${raw(partA)} = ${raw(a)}$ and $${wholeB}${raw(partB)} = ${raw(b)}$. Their sum is $\\frac{${a.num * b.den + b.num * a.den}}{${a.den * b.den}} = ${boxed(fracLatex(result))}$.`,
    answer: fracLatex(result),
  };
}

function percents(rng: Random, level: number): MathDraft {
  if (level === 1) {
    const p = rng.pick([10, 20, 25, 40, 50, 75]);
    const n = rng.int(2, 40) * 20;
    const value = (p * n) / 100;
    return {
      problem: `What is $${p}\\%$ of ${n}?`,
      solution: `$${p}\\%$ of ${n} is $\\frac{${p}}{100} \\cdot ${n} = ${boxed(`${value}`)}$.`,
      answer: `${value}`,
    };
  }
  if (level === 2) {
    const whole = rng.pick([20, 25, 40, 50, 80, 200]);
    const percent = rng.int(1, 19) * 5;
    const part = (percent * whole) / 100;
    if (!Number.isInteger(part)) return percents(rng, level);
    return {
      problem: `${part} is what percent of ${whole}?`,
      solution: `$\\frac{${part}}{${whole}} = \\frac{${percent}}{100}$, so ${part} is $${boxed(`${percent}`)}\\%$ of ${whole}.`,
      answer: `${percent}`,
    };
  }
  if (level === 3) {
    const price = rng.int(1, 9) * 100;
    const up = rng.int(1, 5) * 10;
    const down = rng.int(1, 5) * 10;
    const raised = (price * (100 + up)) / 100;
    const final = (raised * (100 - down)) / 100;
    return {
      problem: `A jacket costs $\\$${price}$. Its price is raised by $${up}\\%$, and then the new price is lowered by $${down}\\%$. What is the final price, in dollars?`,
      solution: `After the increase the price is $${price} \\cdot ${(100 + up) / 100} = ${raised}$ dollars. After the decrease it is $${raised} \\cdot ${(100 - down) / 100} = ${boxed(`${final}`)}$ dollars.`,
      answer: `${final}`,
    };
  }
  if (level === 4) {
    const first = rng.int(1, 5) * 10;
    const second = rng.int(1, 5) * 10;
    const remaining = ((100 - first) * (100 - second)) / 100;
    const single = 100 - remaining;
    return {
      problem: `A store takes $${first}\\%$ off the price of a lamp, and then takes another $${second}\\%$ off the reduced price. The two discounts together are equivalent to a single discount of what percent?`,
      solution: `After both discounts the lamp costs $${(100 - first) / 100} \\cdot ${(100 - second) / 100} = ${remaining / 100}$ of the original price, that is $${remaining}\\%$. The single equivalent discount is $100 - ${remaining} = ${boxed(`${single}`)}$ percent.`,
      answer: `${single}`,
    };
  }
  // Choose the original price so that both percentage steps land on whole dollars.
  const off = rng.pick([10, 20, 25, 40]);
  const tax = rng.pick([5, 10, 20]);
  const unit = 10000 / gcd(10000, (100 - off) * (100 + tax));
  const original = unit * rng.int(1, Math.max(1, Math.floor(800 / unit)));
  const paid = (original * (100 - off) * (100 + tax)) / 10000;
  return {
    problem: `A bicycle is on sale for $${off}\\%$ off, and then a $${tax}\\%$ sales tax is added to the sale price. The final cost is $\\$${paid}$. What was the original price, in dollars?`,
    solution: `If the original price is $p$, the final cost is $p \\cdot ${(100 - off) / 100} \\cdot ${(100 + tax) / 100} = ${((100 - off) * (100 + tax)) / 10000}p$. Setting this equal to ${paid} gives $p = \\frac{${paid}}{${((100 - off) * (100 + tax)) / 10000}} = ${boxed(`${original}`)}$.`,
    answer: `${original}`,
  };
}

function averages(rng: Random, level: number): MathDraft {
  if (level === 1) {
    const count = rng.int(3, 5);
    const mean = rng.int(5, 30);
    const values = Array.from({ length: count - 1 }, () => mean + rng.int(-5, 5));
    values.push(mean * count - values.reduce((a, b) => a + b));
    return {
      problem: `What is the arithmetic mean of ${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}?`,
      solution: `The sum is $${values.join(' + ')} = ${mean * count}$, and dividing by ${count} gives $${boxed(`${mean}`)}$.`,
      answer: `${mean}`,
    };
  }
  if (level === 2 || level === 3) {
    const tests = level === 2 ? 4 : 6;
    const goal = rng.int(75, 90);
    const scores = Array.from({ length: tests - 1 }, () => goal + rng.int(-8, 6));
    const needed = goal * tests - scores.reduce((a, b) => a + b);
    if (needed > 100 || needed < 50) return averages(rng, level);
    return {
      problem: `Priya's first ${tests - 1} test scores are ${scores.slice(0, -1).join(', ')} and ${scores[scores.length - 1]}. What score does she need on test number ${tests} so that her mean score over all ${tests} tests is exactly ${goal}?`,
      solution: `A mean of ${goal} over ${tests} tests needs a total of $${goal} \\cdot ${tests} = ${goal * tests}$. Her scores so far add up to ${scores.reduce((a, b) => a + b)}, so she needs $${goal * tests} - ${scores.reduce((a, b) => a + b)} = ${boxed(`${needed}`)}$.`,
      answer: `${needed}`,
    };
  }
  const names = level === 5 ? ['One', 'a second', 'a third'] : ['One', 'another'];
  const groups = names.map((name) => ({ name, size: rng.int(10, 30), mean: rng.int(60, 95) }));
  const students = groups.reduce((acc, g) => acc + g.size, 0);
  const total = groups.reduce((acc, g) => acc + g.size * g.mean, 0);
  const combined = fraction(total, students);
  const described = groups.map((g) => `${g.name} class of ${g.size} students has a mean test score of ${g.mean}`);
  return {
    problem: `${described.join(', ').replace(/, ([^,]*)$/, ', and $1')}. What is the mean score of all ${students} students together? Express your answer as an integer or a common fraction in simplest form.`,
    solution: `The classes scored ${groups.map((g) => `$${g.size} \\cdot ${g.mean} = ${g.size * g.mean}$`).join(', ')} points in total. Together that is ${total} points over ${students} students, a mean of $\\frac{${total}}{${students}} = ${boxed(fracLatex(combined))}$.`,
    answer: fracLatex(combined),
  };
}

export const prealgebraProblems: readonly MathKind[] = [
  { subject: 'Prealgebra', minLevel: 1, maxLevel: 5, make: fractionArithmetic },
  { subject: 'Prealgebra', minLevel: 1, maxLevel: 5, make: percents },
  { subject: 'Prealgebra', minLevel: 1, maxLevel: 5, make: averages },
];
