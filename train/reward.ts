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

/**
 * The utility each chosen operator is credited with, in the order of `choice` (layer by layer).
 * With critical-path credit, in each layer the operator with the largest proxy gets R and every
 * other one gets S - lambda_c x C: a fast operator beside a slow one is not blamed for the wait.
 */
export function operatorUtilities(result: QueryResult, choice: readonly (readonly number[])[], weights: RewardWeights): number[] {
  const full = utility(result, weights);
  if (!weights.cpCredit) return choice.flat().map(() => full);
  const withoutLatency = utility(result, { ...weights, lambdaT: 0 });
  const out: number[] = [];
  choice.forEach((layer, l) => {
    // Node L<l>.<i> runs choice[l][i]; its record is the i-th of layer l (QueryResult.operators is in plan order).
    const records = result.operators.filter((op) => op.layer === l);
    const proxies = layer.map((_, i) => records[i]?.proxyTokens ?? 0);
    const critical = proxies.indexOf(Math.max(...proxies));
    layer.forEach((_, i) => out.push(i === critical ? full : withoutLatency));
  });
  return out;
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
