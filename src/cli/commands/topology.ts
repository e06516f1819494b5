import { z } from 'zod';
import { chooseTopology } from '../../controller/choose-topology.ts';
import { loadController } from '../../controller/load-controller.ts';
import { describeChoice, type TopologyDescription } from '../../controller/describe-choice.ts';
import { Random } from '../../util/random.ts';
import { topologyOptionsSchema } from '../command-options.ts';

export { topologyOptionsSchema };

export type TopologyOptions = z.infer<typeof topologyOptionsSchema>;

export type TopologyAnswer = TopologyDescription;

/** The topology a trained controller picks for one query, with each layer's probabilities. */
export async function topology(options: TopologyOptions): Promise<TopologyAnswer> {
  const { model, encoder, checkpoint } = await loadController(options.checkpoint, undefined);
  const [features] = await encoder.encode([options.query]);
  const choice = chooseTopology(model, features!, options.sample === undefined ? null : Random.fromSeed(options.sample));
  model.dispose();
  return describeChoice(choice, checkpoint.spec, options.sample === undefined);
}

export function renderTopology(answer: TopologyAnswer, mermaid: boolean): string {
  if (mermaid) return answer.mermaid;
  const lines = [`${answer.topology}   (${answer.task}, ${answer.greedy ? 'greedy' : 'sampled'}, ${answer.rules} rules)`];
  answer.layers.forEach((layer, l) => {
    const probs = Object.entries(layer.probabilities)
      .sort((a, b) => b[1] - a[1])
      .map(([name, p]) => `${layer.operators.includes(name as never) ? '*' : ' '}${name} ${p.toFixed(3)}`);
    lines.push(`layer ${l}: ${probs.join('  ')}`);
  });
  if (answer.forcedGenerator) lines.push(`(${answer.forcedGenerator} runs though the controller did not choose it: ${answer.rules === 'maas' ? 'the maas rules substituted it for the layer-0 draw' : "its own layer-0 choice had no generating operator"})`);
  return lines.join('\n');
}
