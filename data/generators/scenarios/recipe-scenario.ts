import type { Random } from '../../../src/util/random.ts';
import {
  calc,
  capitalize,
  firstValid,
  line,
  listPhrase,
  pickPerson,
  type Outcome,
  type SolutionLine,
  type Story,
} from '../story-kit.ts';

/** Recipes are not a chain of events but a fixed shape whose parts add up to the step count. */
export function recipeScenario(rng: Random, steps: number): Story | null {
  const p = pickPerson(rng);
  const She = capitalize(p.subject);
  const dish = rng.pick([
    { name: 'pancakes', mix: 'batter', min: 6, max: 12 },
    { name: 'muffins', mix: 'batter', min: 8, max: 12 },
    { name: 'cookies', mix: 'dough', min: 12, max: 30 },
    { name: 'scones', mix: 'dough', min: 6, max: 10 },
    { name: 'waffles', mix: 'batter', min: 4, max: 8 },
  ]);
  // Each shape is [batch step, ingredient count, final step]; a sum line joins 2+ ingredients.
  const shapes: Array<[number, number, number]> = [];
  for (const batchStep of [0, 1]) {
    for (let ingredients = 1; ingredients <= 6; ingredients++) {
      for (const finalStep of [0, 1]) {
        if (batchStep + ingredients + (ingredients >= 2 ? 1 : 0) + finalStep === steps) {
          shapes.push([batchStep, ingredients, finalStep]);
        }
      }
    }
  }
  if (shapes.length === 0) return null;
  const [batchStep, ingredientCount, finalStep] = rng.pick(shapes);
  const ingredients = rng
    .shuffle(['flour', 'sugar', 'butter', 'oats', 'milk powder', 'chocolate chips', 'chopped nuts', 'raisins'])
    .slice(0, ingredientCount)
    .map((name) => ({ name, grams: name === 'flour' ? rng.int(6, 16) * 25 : rng.int(2, 20) * 10 }));
  const batches = rng.int(2, 6);
  const amounts = listPhrase(ingredients.map((i) => `${i.grams} grams of ${i.name}`));
  const sentences: string[] = [];
  const lines: SolutionLine[] = [];
  if (batchStep === 1) {
    const servings = rng.int(dish.min, dish.max);
    sentences.push(`A recipe for ${servings} ${dish.name} uses ${amounts}.`);
    sentences.push(`${p.name} wants to make ${servings * batches} ${dish.name} for a party.`);
    lines.push(line(`${She} needs to make the recipe {=} times.`, calc(servings * batches, ['/', servings])!));
  } else {
    sentences.push(`One batch of ${dish.name} uses ${amounts}.`);
    sentences.push(`${p.name} makes ${batches} batches.`);
  }
  const totals: number[] = [];
  for (const ingredient of ingredients) {
    const needed = calc(batches, ['*', ingredient.grams])!;
    totals.push(needed.value);
    lines.push(line(`${She} needs {=} grams of ${ingredient.name}.`, needed));
  }
  let question =
    ingredientCount === 1
      ? `How many grams of ${ingredients[0]!.name} does ${p.subject} need?`
      : `How many grams of ingredients does ${p.subject} need altogether?`;
  let total = totals[0]!;
  if (ingredientCount >= 2) {
    const sum = calc(totals[0]!, ...totals.slice(1).map((g): ['+', number] => ['+', g]))!;
    total = sum.value;
    lines.push(line(`Altogether ${p.subject} needs {=} grams.`, sum));
  }
  if (finalStep === 1) {
    let outcome: Outcome | null;
    if (ingredientCount === 1 && rng.int(0, 1) === 0) {
      const onHand = rng.int(1, Math.max(1, Math.floor((total - 1) / 10))) * 10;
      const more = calc(total, ['-', onHand]);
      outcome = more && {
        sentence: `${She} already has ${onHand} grams of ${ingredients[0]!.name} at home.`,
        question: `How many more grams of ${ingredients[0]!.name} does ${p.subject} need to buy?`,
        lines: [line(`${She} needs to buy {=} more grams.`, more)],
      };
    } else {
      outcome = firstValid(rng, [2, 4, 5, 8, 10, 20], (pieces) => {
        const each = calc(total, ['/', pieces]);
        if (!each) return null;
        return {
          sentence: `${She} mixes everything into one ${dish.mix} and divides it into ${pieces} equal portions.`,
          question: `How many grams does each portion weigh?`,
          lines: [line(`Each portion weighs {=} grams.`, each)],
        };
      });
    }
    if (!outcome) return null;
    sentences.push(outcome.sentence);
    lines.push(...outcome.lines);
    question = outcome.question!;
  }
  if (lines.length !== steps) return null;
  return { sentences, question, lines };
}
