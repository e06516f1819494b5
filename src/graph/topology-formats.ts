import { z } from 'zod';
import { operatorNames } from '../../operators/operator-names.ts';
import type { Topology } from './topology.ts';

export const topologyJsonSchema = z.object({ layers: z.array(z.array(z.enum(operatorNames)).min(1)).min(1) });

export function topologyToJson(topology: Topology): string {
  return JSON.stringify({ layers: topology.layers });
}

export function topologyFromJson(text: string): Topology {
  return topologyJsonSchema.parse(JSON.parse(text));
}

/** A Mermaid flowchart: query → layers (each layer feeds the next) → answer. */
export function topologyToMermaid(topology: Topology): string {
  const lines = ['flowchart LR', '  Q([query])'];
  topology.layers.forEach((layer, l) => layer.forEach((operator, i) => lines.push(`  ${id(l, i)}[${operator}]`)));
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
