import type { WordProblemScenario } from './story-kit.ts';
import { agesScenario } from './scenarios/ages-scenario.ts';
import { bakingScenario } from './scenarios/baking-scenario.ts';
import { percentagesScenario } from './scenarios/percentages-scenario.ts';
import { practiceScenario } from './scenarios/practice-scenario.ts';
import { recipeScenario } from './scenarios/recipe-scenario.ts';
import { savingsScenario } from './scenarios/savings-scenario.ts';
import { shoppingScenario } from './scenarios/shopping-scenario.ts';
import { travelScenario } from './scenarios/travel-scenario.ts';
import { wagesScenario } from './scenarios/wages-scenario.ts';

/**
 * Every story template the GSM8K-style generator draws from. Which one a seed gets depends on
 * this list's length and order, so any change here changes generated rows: regenerate the
 * shipped data (`npx tsx data/make-data.ts`) afterwards.
 */
export const wordProblemScenarios: readonly WordProblemScenario[] = [
  savingsScenario,
  shoppingScenario,
  travelScenario,
  bakingScenario,
  recipeScenario,
  agesScenario,
  percentagesScenario,
  wagesScenario,
  practiceScenario,
];
