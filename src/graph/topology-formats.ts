import { z } from 'zod';
import { operatorNames } from '../../operators/operator-names.ts';
import { modelNamePattern, parseTopology } from './parse-topology.ts';
import { layerLabels, type Topology } from './topology.ts';

/** A node in JSON: `CoT`, or `CoT@big` when it names its model (the text syntax's node). */
const nodeJson = z.string().refine((node) => {
  const [operator, model, ...rest] = node.split('@');
  return rest.length === 0 && (operatorNames as readonly string[]).includes(operator!) && (model === undefined || modelNamePattern.test(model));
}, 'expected an operator name, optionally @model');

export const topologyJsonSchema = z.object({ layers: z.array(z.array(nodeJson).min(1)).min(1) });

export function topologyToJson(topology: Topology): string {
  return JSON.stringify({ layers: layerLabels(topology) });
}

export function topologyFromJson(text: string): Topology {
  const { layers } = topologyJsonSchema.parse(JSON.parse(text));
  return parseTopology(layers.map((layer) => layer.join(', ')).join(' > '));
}

/** A Mermaid flowchart: query → layers (each layer feeds the next) → answer. */
export function topologyToMermaid(topology: Topology): string {
  const lines = ['flowchart LR', '  Q([query])'];
  layerLabels(topology).forEach((layer, l) => layer.forEach((label, i) => lines.push(`  ${id(l, i)}[${label}]`)));
  lines.push('  A([answer])');
  const last = topology.layers.length - 1;
  topology.layers[0]!.forEach((_, i) => lines.push(`  Q --> ${id(0, i)}`));
  for (let l = 1; l <= last; l++) {
    for (let from = 0; from < topology.layers[l - 1]!.length; from++) {
      for (let to = 0; to < topology.layers[l]!.length; to++) lines.push(`  ${id(l - 1, from)} --> ${id(l, to)}`);
    }
  }
  topology.layers[last]!.forEach((_, i) => lines.push(`  ${id(last, i)} --> A`));
  return lines.join('\n');
}

/** A node's Mermaid id (module level: serving renders one diagram per request). */
function id(layer: number, index: number): string {
  return `L${layer}_${index}`;
}
