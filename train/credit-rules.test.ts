import { describe, expect, it } from 'vitest';
import { getTask } from '../src/tasks/registry.ts';
import { rulesOf } from '../src/controller/rules/index.ts';
import type { OperatorRecord } from '../src/graph/operator-record.ts';
import type { QueryResult } from '../src/graph/run-query.ts';
import { Random } from '../src/util/random.ts';
import { type Baselines, creditOperators, normaliseCredits, utility } from './reward.ts';

const operators = getTask('gsm8k').operators; // Generate 0, CoT 1, ScEnsemble 3, EarlyStop 6
const weights = { lambdaC: 3, lambdaT: 0.005, cpCredit: true };
const record = (layer: number, index: number, operator: string, proxyTokens: number): OperatorRecord => ({
  kind: 'operator', run: 'r', query: 'q', node: `L${layer}.${index}:${operator}`, layer, operator: operator as never, start: 0, end: 0, proxyTokens, toolMs: 0,
  llmCalls: 1, promptTokens: 0, completionTokens: 0, costUsd: 0, solutions: 1, failed: false,
});
/** Generate (300 tokens) and CoT (600, critical) in layer 0; ScEnsemble (200) and EarlyStop (0) in layer 1. */
const choice = [[0, 1], [3, 6]];
const result = (correct: boolean): QueryResult =>
  ({ correct, costUsd: 0.001, cpTokens: 800, operators: [record(0, 0, 'Generate', 300), record(0, 1, 'CoT', 600), record(1, 0, 'ScEnsemble', 200), record(1, 1, 'EarlyStop', 0)] }) as QueryResult;

describe('critical-path credit under each rule set', () => {
  it('maas: the first argmax of the proxy is critical; an EarlyStop alone in its layer (proxy 0) is critical and pays the latency term', () => {
    const maas = rulesOf({ rules: 'maas' });
    const tie = { correct: true, costUsd: 0.001, cpTokens: 900, operators: [record(0, 0, 'CoT', 500), record(0, 1, 'Generate', 500), record(1, 0, 'EarlyStop', 0)] } as QueryResult;
    const terms = creditOperators(tie, [[1, 0], [6]], weights, maas, operators);
    expect(terms.map((term) => term.kind)).toEqual(['full', 'withoutLatency', 'full']);
    expect(terms[2]!.utility).toBeCloseTo(utility(tie, weights), 12);
    // EarlyStop beside a slower operator is not critical under the reference rules.
    expect(creditOperators(result(true), choice, weights, maas, operators).map((term) => term.kind)).toEqual(['withoutLatency', 'full', 'full', 'withoutLatency']);
  });

  it('default: EarlyStop carries the full utility wherever it is', () => {
    const terms = creditOperators(result(true), choice, weights, rulesOf({ rules: 'lamas' }), operators);
    expect(terms.map((term) => term.kind)).toEqual(['withoutLatency', 'full', 'full', 'full']);
  });

  /**
   * Hand-made batches where nothing distinguishes the operators' effect on the score (every
   * query's S is a coin flip, shared by all its operators): a fair credit gives the non-critical
   * Generate the same mean normalised advantage as the critical CoT. One shared EMA (legacy, maas)
   * does not: S - λc·C is always above R, so the non-critical operator is pushed up every batch.
   */
  it('default: no systematic advantage for being non-critical; one shared EMA gives one', () => {
    const gap = (name: 'lamas' | 'legacy') => {
      const rules = rulesOf({ rules: name });
      const random = Random.fromSeed(3);
      let baselines: Baselines = { ema: { mean: 0, std: 1, initialized: false } };
      const sums = [0, 0, 0, 0];
      const batches = 300;
      for (let b = 0; b < batches; b++) {
        const terms = Array.from({ length: 4 }, () => creditOperators(result(random.float() < 0.7), choice, weights, rules, operators)).flat();
        const step = normaliseCredits(terms, baselines, rules.separateBaselines);
        baselines = step.baselines;
        step.normalised.forEach((advantage, i) => (sums[i % 4]! += advantage / (batches * 4)));
      }
      return { nonCritical: sums[0]!, critical: sums[1]! };
    };
    const fair = gap('lamas');
    expect(Math.abs(fair.nonCritical - fair.critical)).toBeLessThan(0.02);
    const shared = gap('legacy');
    expect(shared.nonCritical - shared.critical).toBeGreaterThan(0.1);
  });
});
