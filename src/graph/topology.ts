import type { OperatorName } from '../../operators/operator-names.ts';

/** Layers of operators; the operators of one layer run in parallel. An operator may repeat in a layer. */
export interface Topology {
  layers: OperatorName[][];
  /**
   * Several models (DESIGN §11): the model name of each node, parallel to `layers`; undefined (the
   * array, or one entry) means the run's first model. Absent in a single-model run, whose
   * topologies print exactly as before models existed.
   */
  models?: (string | undefined)[][];
}

/** `CoT@big` when the node names its model, else `CoT`. */
export function nodeLabel(operator: OperatorName, model: string | undefined): string {
  return model === undefined ? operator : `${operator}@${model}`;
}

/** The model node `index` of `layer` names, or undefined (the first model). */
export function modelOf(topology: Topology, layer: number, index: number): string | undefined {
  return topology.models?.[layer]?.[index];
}

/** Each layer's node labels (`CoT@big` or `CoT`). */
export function layerLabels(topology: Topology): string[][] {
  return topology.layers.map((layer, l) => layer.map((operator, i) => nodeLabel(operator, modelOf(topology, l, i))));
}

export function topologyToString(topology: Topology): string {
  return layerLabels(topology)
    .map((layer) => layer.join(', '))
    .join(' > ');
}

/** Node ids as traces and DAGs name them: `L<layer>.<index>:<Operator>`, `...:<Operator>@<model>` when the node names its model. */
export function nodeId(layer: number, index: number, operator: OperatorName, model?: string): string {
  return `L${layer}.${index}:${nodeLabel(operator, model)}`;
}
