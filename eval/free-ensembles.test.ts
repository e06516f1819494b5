import { describe, expect, it } from 'vitest';
import { backendOptionsSchema } from '../src/backend/backend-options.ts';
import { parseTopology } from '../src/graph/parse-topology.ts';
import { getTask } from '../src/tasks/registry.ts';
import { countFreeEnsembles, effectiveTopology } from './free-ensembles.ts';
import { resolveDataset } from './resolve-dataset.ts';
import { runBenchmark } from './run-benchmark.ts';

describe('countFreeEnsembles', () => {
  it('counts the ScEnsembles that ran on one solution (no call), per query', async () => {
    const task = getTask('gsm8k');
    const dataset = await resolveDataset(task, { split: 'test', limit: 3 });
    const backend = backendOptionsSchema.parse({ cache: false });
    const run = (topology: string) => runBenchmark({ task, dataset, topologyFor: () => parseTopology(topology), scheduler: 'layer', backend, queriesInFlight: 3, runId: 'free-ensembles' });
    // One input each: free, twice per query.
    const chain = await run('Generate > ScEnsemble > ScEnsemble');
    expect(countFreeEnsembles(chain.results)).toEqual({ queries: 3, withFree: 3, withTwoOrMore: 3, total: 6 });
    // Two inputs: the model picks, so it is paid and not counted; the next one gets one solution.
    const paid = await run('Generate, CoT > ScEnsemble > ScEnsemble');
    expect(countFreeEnsembles(paid.results)).toEqual({ queries: 3, withFree: 3, withTwoOrMore: 0, total: 3 });
    expect(countFreeEnsembles((await run('Generate, CoT')).results).withFree).toBe(0);
    // What did the work: the free ones go, the paid one stays.
    expect(chain.results.map((result) => effectiveTopology(result.operators))).toEqual(['Generate', 'Generate', 'Generate']);
    expect(effectiveTopology(paid.results[0]!.operators)).toBe('Generate, CoT > ScEnsemble');
  });
});
