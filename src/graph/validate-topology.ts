import { consumingOperators } from '../../operators/operator-names.ts';
import { getTask } from '../tasks/registry.ts';
import type { TaskName } from '../tasks/task.ts';
import { TopologyError } from './parse-topology.ts';
import type { Topology } from './topology.ts';

/**
 * The rules a runnable topology follows: every operator is allowed for the task, layer 0 has a
 * generating operator (there is nothing to refine or vote on yet), and nothing follows the
 * layer that holds EarlyStop (it ends the graph).
 */
export function validateTopology(topology: Topology, task: TaskName): Topology {
  const allowed = getTask(task).operators;
  topology.layers.forEach((layer, index) => {
    if (layer.length === 0) throw new TopologyError(`layer ${index} is empty`);
    for (const operator of layer) {
      if (!allowed.includes(operator)) throw new TopologyError(`operator not available for ${task} (allowed: ${allowed.join(', ')})`, operator, index);
    }
    if (layer.includes('EarlyStop') && index < topology.layers.length - 1) {
      throw new TopologyError(`EarlyStop ends the graph, but layers follow it (layer ${index} of ${topology.layers.length})`);
    }
  });
  const first = topology.layers[0] ?? [];
  if (!first.some((operator) => !consumingOperators.has(operator))) {
    throw new TopologyError('layer 0 must contain a generating operator (Generate, CoT, MultiCoT, Programmer or CustomCodeGenerate)');
  }
  return topology;
}
