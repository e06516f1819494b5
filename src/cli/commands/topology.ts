import { z } from 'zod';
import { chooseTopology } from '../../controller/choose-topology.ts';
import { loadController } from '../../controller/load-controller.ts';
import { topologyToMermaid } from '../../graph/topology-formats.ts';
import { topologyToString } from '../../graph/topology.ts';
import { Random } from '../../util/random.ts';

export const topologyOptionsSchema = z.object({
  checkpoint: z.string({ error: 'is required' }),
  query: z.string({ error: 'is required (the query text)' }).min(1),
  mermaid: z.boolean().default(false),
  /** Sample with this seed instead of the greedy choice. */
  sample: z.coerce.number().int().optional(),
  json: z.boolean().default(false),
});
export type TopologyOptions = z.infer<typeof topologyOptionsSchema>;

export interface TopologyAnswer {
  task: string;
  topology: string;
  layers: Array<{ operators: string[]; probabilities: Record<string, number> }>;
  mermaid: string;
  greedy: boolean;
}

/** The topology a trained controller picks for one query, with each layer's probabilities. */
export async function topology(options: TopologyOptions): Promise<TopologyAnswer> {
  const { model, encoder, checkpoint } = await loadController(options.checkpoint, undefined);
  const [features] = await encoder.encode([options.query]);
  const choice = chooseTopology(model, features!, options.sample === undefined ? null : Random.fromSeed(options.sample));
  const operators = checkpoint.spec.operators;
  const answer: TopologyAnswer = {
    task: checkpoint.spec.task,
    topology: topologyToString(choice.topology),
    layers: choice.topology.layers.map((layer, l) => ({
      operators: layer,
      probabilities: Object.fromEntries(operators.map((name, i) => [name, round(choice.probabilities[l]![i]!)])),
    })),
    mermaid: topologyToMermaid(choice.topology),
    greedy: options.sample === undefined,
  };
  model.dispose();
  return answer;
}

export function renderTopology(answer: TopologyAnswer, mermaid: boolean): string {
  if (mermaid) return answer.mermaid;
  const lines = [`${answer.topology}   (${answer.task}, ${answer.greedy ? 'greedy' : 'sampled'})`];
  answer.layers.forEach((layer, l) => {
    const probs = Object.entries(layer.probabilities)
      .sort((a, b) => b[1] - a[1])
      .map(([name, p]) => `${layer.operators.includes(name as never) ? '*' : ' '}${name} ${p.toFixed(3)}`);
    lines.push(`layer ${l}: ${probs.join('  ')}`);
  });
  return lines.join('\n');
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
