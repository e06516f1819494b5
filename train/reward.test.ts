import { describe, expect, it } from 'vitest';
import type { OperatorRecord } from '../src/graph/operator-record.ts';
import type { QueryResult } from '../src/graph/run-query.ts';
import { normalise, operatorUtilities, updateEma, utility } from './reward.ts';

const op = (node: string, layer: number, proxyTokens: number): OperatorRecord => ({
  kind: 'operator', run: 'r', query: 'q', node, layer, operator: node.split(':')[1]!, start: 0, end: 0, proxyTokens, toolMs: 0,
  llmCalls: 1, promptTokens: 0, completionTokens: 0, costUsd: 0, solutions: 1, failed: false,
});
const result = { correct: true, costUsd: 0.001, cpTokens: 1000, operators: [op('L0.0:Generate', 0, 400), op('L0.1:CoT', 0, 600), op('L1.0:ScEnsemble', 1, 400)] } as QueryResult;
const weights = { lambdaC: 3, lambdaT: 0.005, cpCredit: true };

describe('reward', () => {
  it('R = S - lambda_c C - lambda_t / 50 T', () => {
    expect(utility(result, weights)).toBeCloseTo(1 - 0.003 - 0.1, 12);
    expect(utility({ ...result, correct: false }, { ...weights, lambdaT: 0 })).toBeCloseTo(-0.003, 12);
  });

  it('credits the latency penalty only to each layer’s slowest operator', () => {
    const [generate, cot, sc] = operatorUtilities(result, [[0, 1], [3]], weights);
    expect(cot).toBeCloseTo(0.897, 12); // critical in layer 0
    expect(generate).toBeCloseTo(0.997, 12);
    expect(sc).toBeCloseTo(0.897, 12); // alone, so critical
    expect(operatorUtilities(result, [[0, 1], [3]], { ...weights, cpCredit: false })).toEqual([utility(result, weights), utility(result, weights), utility(result, weights)]);
  });

  it('EMA starts from the first batch, then moves with momentum 0.95; std is floored', () => {
    const first = updateEma({ mean: 0, std: 1, initialized: false }, [1, 3]);
    expect(first).toEqual({ mean: 2, std: 1, initialized: true });
    const second = updateEma(first, [4, 4]);
    expect(second.mean).toBeCloseTo(0.95 * 2 + 0.05 * 4, 12);
    expect(second.std).toBeCloseTo(0.95, 12);
    expect(updateEma({ mean: 0, std: 1, initialized: false }, [5, 5]).std).toBe(1e-8);
    expect(normalise([3, 1], first)).toEqual([1, -1]);
  });
});
