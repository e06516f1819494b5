import type { OperatorName } from '../../operators/operator-names.ts';

/** Layers of operators; the operators of one layer run in parallel. An operator may repeat in a layer. */
export interface Topology {
  layers: OperatorName[][];
}

export function topologyToString(topology: Topology): string {
  return topology.layers.map((layer) => layer.join(', ')).join(' > ');
}

/** Node ids as traces and DAGs name them: `L<layer>.<index>:<Operator>`. */
export function nodeId(layer: number, index: number, operator: OperatorName): string {
  return `L${layer}.${index}:${operator}`;
}
