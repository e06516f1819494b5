import { consumingOperators, type OperatorName } from '../../../operators/operator-names.ts';
import type { RuleSet } from './rule-set.ts';

/**
 * The default rules (issue 14), built so that the policy is trained on what it actually did:
 * - layer 0 draws only from operators that can start from the query (no consuming operator, so no
 *   EarlyStop): the layer always has a generator and nothing is ever added or substituted;
 * - what runs is exactly the drawn set (node order: operator index), and each of its members'
 *   log-probability enters the loss once;
 * - EarlyStop decides how deep the graph goes, so it is credited with the full utility R (the
 *   latency and cost its stopping saves or its absence causes), never as a free non-critical operator;
 * - critical-path credit keeps its two kinds (R for the critical operator, S - λc·C for the others)
 *   but each kind is normalised by its own EMA, so being non-critical is no systematic advantage.
 */
export const lamasRules: RuleSet = {
  name: 'lamas',
  candidates: (layer, operators) => (layer === 0 ? operators.map((name) => !consumingOperators.has(name as OperatorName)) : null),
  settle(_layer, drawn, _probs, operators) {
    const runs = [...drawn].sort((a, b) => a - b);
    return { runs, imposed: null, stop: runs.some((i) => operators[i] === 'EarlyStop') };
  },
  conditioning: (runs) => [...runs],
  separateBaselines: true,
  earlyStopCarriesLatency: true,
};
