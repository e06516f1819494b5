import type { TopologyChoice } from '../src/controller/choose-topology.ts';
import type { TrainingState } from '../src/controller/checkpoint.ts';
import type { QueryResult } from '../src/graph/run-query.ts';
import type { BatchMetrics } from './metrics-log.ts';
import { type RewardWeights, utility } from './reward.ts';

/** One metrics.csv row: the batch's means (reward, accuracy, cost, critical paths) and the shape of its graphs. */
export function batchMetrics(state: TrainingState, results: QueryResult[], choices: TopologyChoice[], loss: number, weights: RewardWeights): BatchMetrics {
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  const layers = choices.reduce((sum, choice) => sum + choice.choice.length, 0);
  const operators = choices.reduce((sum, choice) => sum + choice.choice.flat().length, 0);
  return {
    pass: state.pass,
    batch: state.batch,
    step: state.step + 1,
    meanReward: mean(results.map((result) => utility(result, weights))),
    accuracy: mean(results.map((result) => (result.correct ? 1 : 0))),
    costUsd: mean(results.map((result) => result.costUsd)),
    cpTokens: mean(results.map((result) => result.cpTokens)),
    cpWallMs: mean(results.map((result) => result.cpWallMs)),
    operatorsPerLayer: operators / Math.max(1, layers),
    depth: layers / Math.max(1, choices.length),
    loss,
    forcedGenerators: mean(choices.map((choice) => (choice.forcedGenerator === null ? 0 : 1))),
  };
}
