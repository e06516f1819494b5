import type { RuleSet } from '../src/controller/rules/index.ts';
import type { QueryResult } from '../src/graph/run-query.ts';
import type { TrainConfig } from './train-config.ts';

/**
 * The reward's part of the training config: lambdaC (USD weight), lambdaT (critical-path weight
 * in the paper's units; the token term is divided by 50) and cpCredit (only each layer's slowest
 * operator carries the latency penalty).
 */
export type RewardWeights = Pick<TrainConfig, 'lambdaT' | 'lambdaC' | 'cpCredit'>;

/** The paper's normalisation of the token term. */
const tokenScale = 50;

/** R = S - lambda_c x C - (lambda_t / 50) x T for one query. */
export function utility(result: Pick<QueryResult, 'correct' | 'costUsd' | 'cpTokens'>, weights: RewardWeights): number {
  const score = result.correct ? 1 : 0;
  return score - weights.lambdaC * result.costUsd - (weights.lambdaT / tokenScale) * result.cpTokens;
}

/** Which utility a term carries: R, or S - lambda_c x C (a non-critical operator under critical-path credit). */
export type CreditKind = 'full' | 'withoutLatency';

export interface CreditedTerm {
  utility: number;
  kind: CreditKind;
}

/**
 * The utility each operator that ran is credited with, in the order of `choice` (layer by layer,
 * node order). With critical-path credit, in each layer the first operator with the largest proxy
 * gets R and every other one gets S - lambda_c x C: a fast operator beside a slow one is not
 * blamed for the wait. Under rules where EarlyStop decides depth (the default), EarlyStop gets R.
 */
export function creditOperators(result: QueryResult, choice: readonly (readonly number[])[], weights: RewardWeights, rules?: Pick<RuleSet, 'earlyStopCarriesLatency'>, operators?: readonly string[]): CreditedTerm[] {
  const full = utility(result, weights);
  if (!weights.cpCredit) return choice.flat().map(() => ({ utility: full, kind: 'full' as const }));
  const withoutLatency = utility(result, { ...weights, lambdaT: 0 });
  const out: CreditedTerm[] = [];
  choice.forEach((layer, l) => {
    // Node L<l>.<i> runs choice[l][i]; its record is the i-th of layer l (QueryResult.operators is in plan order).
    const records = result.operators.filter((op) => op.layer === l);
    const proxies = layer.map((_, i) => records[i]?.proxyTokens ?? 0);
    const critical = proxies.indexOf(Math.max(...proxies));
    layer.forEach((index, i) => {
      const carries = i === critical || (rules?.earlyStopCarriesLatency === true && operators?.[index] === 'EarlyStop');
      out.push(carries ? { utility: full, kind: 'full' } : { utility: withoutLatency, kind: 'withoutLatency' });
    });
  });
  return out;
}

/** The utilities of `creditOperators` alone (the paper's rules: EarlyStop is an operator like any other). */
export function operatorUtilities(result: QueryResult, choice: readonly (readonly number[])[], weights: RewardWeights): number[] {
  return creditOperators(result, choice, weights).map((term) => term.utility);
}

export interface EmaState {
  mean: number;
  std: number;
  initialized: boolean;
}

const momentum = 0.95;
const stdFloor = 1e-8;

/** EMA of utilities' mean and std: initialised from the first batch, then momentum 0.95. */
export function updateEma(state: EmaState, batch: readonly number[]): EmaState {
  const mean = batch.reduce((a, b) => a + b, 0) / batch.length;
  const std = Math.sqrt(batch.reduce((sum, u) => sum + (u - mean) ** 2, 0) / batch.length);
  if (!state.initialized) return { mean, std: Math.max(std, stdFloor), initialized: true };
  return {
    mean: momentum * state.mean + (1 - momentum) * mean,
    std: Math.max(momentum * state.std + (1 - momentum) * std, stdFloor),
    initialized: true,
  };
}

export function normalise(utilities: readonly number[], state: EmaState): number[] {
  return utilities.map((u) => (u - state.mean) / state.std);
}

/** The EMA state of training: one for every credit, plus one for S - lambda_c x C terms when the rules keep the kinds apart. */
export interface Baselines {
  ema: EmaState;
  emaWithoutLatency?: EmaState | undefined;
}

const fresh: EmaState = { mean: 0, std: 1, initialized: false };

/**
 * Updates the baselines with a batch's credited terms and returns the terms normalised. With
 * `separate` (the default rules) each kind is centred and scaled by its own EMA, so an operator
 * gains nothing on average from being credited without the latency term; otherwise one EMA over
 * all terms (DESIGN §3, the paper's rules). A kind absent from the batch keeps its EMA.
 */
export function normaliseCredits(terms: readonly CreditedTerm[], baselines: Baselines, separate: boolean): { normalised: number[]; baselines: Baselines } {
  if (!separate) {
    const ema = updateEma(baselines.ema, terms.map((term) => term.utility));
    return { normalised: normalise(terms.map((term) => term.utility), ema), baselines: { ...baselines, ema } };
  }
  const ofKind = (kind: CreditKind) => terms.filter((term) => term.kind === kind).map((term) => term.utility);
  const update = (state: EmaState, batch: number[]) => (batch.length > 0 ? updateEma(state, batch) : state);
  const ema = update(baselines.ema, ofKind('full'));
  const emaWithoutLatency = update(baselines.emaWithoutLatency ?? fresh, ofKind('withoutLatency'));
  const normalised = terms.map((term) => normalise([term.utility], term.kind === 'full' ? ema : emaWithoutLatency)[0]!);
  return { normalised, baselines: { ema, emaWithoutLatency } };
}
