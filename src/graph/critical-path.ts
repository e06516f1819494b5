import type { DirectedGraph } from 'graphology';
import { topologicalSort } from 'graphology-dag';

/**
 * Longest path through the DAG where each node weighs `weight(node)`: the critical path.
 * With a layer barrier (every node depends on the whole previous layer) it is the sum over
 * layers of each layer's maximum — LAMaS eq. 9; with a chain it is the sum of all nodes.
 */
export function longestPath(graph: DirectedGraph, weight: (node: string) => number): number {
  const finish = new Map<string, number>();
  let longest = 0;
  for (const node of topologicalSort(graph)) {
    const start = Math.max(0, ...graph.inNeighbors(node).map((dep) => finish.get(dep) ?? 0));
    const end = start + weight(node);
    finish.set(node, end);
    longest = Math.max(longest, end);
  }
  return longest;
}

/** The token proxy of one operator (DESIGN §2): completion tokens on its own path + gamma x tool seconds. */
export const toolSecondsWeight = 50;

export function operatorProxyTokens(completionTokensOnPath: number, toolMs: number, gamma = toolSecondsWeight): number {
  return completionTokensOnPath + gamma * (toolMs / 1000);
}
