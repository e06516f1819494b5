import { consumingOperators, type OperatorName } from '../../../operators/operator-names.ts';
import type { RuleSet } from './rule-set.ts';

/**
 * The rules before issue 14, kept so that checkpoints trained under them choose as they did:
 * layer 0 always gets a generating operator (the likeliest one is added when none was drawn, and
 * its log-probability enters the loss as if chosen), operators run in index order, EarlyStop ends
 * the graph after its layer, one EMA normalises every credit.
 */
export const legacyRules: RuleSet = {
  name: 'legacy',
  candidates: () => null,
  settle(layer, drawn, probs, operators) {
    const runs = [...drawn];
    let imposed: number | null = null;
    if (layer === 0 && !runs.some((i) => !consumingOperators.has(operators[i] as OperatorName))) {
      imposed = likeliest(probs, operators.map((_, i) => i).filter((i) => !consumingOperators.has(operators[i] as OperatorName)));
      runs.push(imposed);
    }
    runs.sort((a, b) => a - b);
    return { runs, imposed, stop: runs.some((i) => operators[i] === 'EarlyStop') };
  },
  conditioning: (runs) => [...runs],
  separateBaselines: false,
  earlyStopCarriesLatency: false,
};

function likeliest(probs: readonly number[], indices: number[]): number {
  return indices.reduce((best, i) => (probs[i]! > probs[best]! ? i : best), indices[0]!);
}
