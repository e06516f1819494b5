import { DirectedGraph } from 'graphology';
import { consumingOperators, type OperatorName } from '../../operators/operator-names.ts';
import { modelOf, nodeId, type Topology } from './topology.ts';

import type { Scheduler } from './schedulers.ts';

export { type Scheduler, schedulers } from './schedulers.ts';

export interface PlanNode {
  id: string;
  layer: number;
  /** Position inside its layer. */
  index: number;
  /** Position in the whole topology, layer by layer; seeds distinct samples per node. */
  ordinal: number;
  operator: OperatorName;
  /** The model it calls (DESIGN §11); undefined: the run's first (single-model runs). */
  model?: string;
  /** Nodes that must finish before this one starts. */
  deps: string[];
}

export interface ExecutionPlan {
  nodes: PlanNode[];
  graph: DirectedGraph;
}

/**
 * Dependencies per scheduler, so one DAG runner serves all three:
 * - `layer`: every node waits for the whole previous layer (a barrier; LAMaS-faithful);
 * - `ready`: generating operators solve from the query and wait for nothing; consuming ones wait
 *   for every earlier layer (their inputs, and the fallback inputs if a layer produced none);
 * - `sequential`: one node after another (MaAS's execution), for side-by-side latency.
 * Inputs never depend on the scheduler, so all three give identical answers.
 */
export function planExecution(topology: Topology, scheduler: Scheduler): ExecutionPlan {
  const nodes: PlanNode[] = [];
  topology.layers.forEach((layer, l) =>
    layer.forEach((operator, index) => {
      const model = modelOf(topology, l, index);
      nodes.push({ id: nodeId(l, index, operator, model), layer: l, index, ordinal: nodes.length, operator, ...(model !== undefined ? { model } : {}), deps: [] });
    }),
  );
  for (const node of nodes) node.deps = dependenciesOf(node, nodes, scheduler);
  const graph = new DirectedGraph();
  for (const node of nodes) graph.addNode(node.id, { layer: node.layer, operator: node.operator });
  for (const node of nodes) for (const dep of node.deps) graph.addEdge(dep, node.id);
  return { nodes, graph };
}

function dependenciesOf(node: PlanNode, nodes: PlanNode[], scheduler: Scheduler): string[] {
  switch (scheduler) {
    case 'layer':
      return nodes.filter((other) => other.layer === node.layer - 1).map((other) => other.id);
    case 'ready':
      return consumingOperators.has(node.operator) ? nodes.filter((other) => other.layer < node.layer).map((other) => other.id) : [];
    case 'sequential':
      return node.ordinal === 0 ? [] : [nodes[node.ordinal - 1]!.id];
  }
}
