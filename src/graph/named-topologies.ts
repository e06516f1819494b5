import type { TaskName } from '../tasks/task.ts';
import { parseTopology } from './parse-topology.ts';
import type { Topology } from './topology.ts';
import { validateTopology } from './validate-topology.ts';

/** The single-operator baselines of LAMaS Table 3. */
export const namedTopologies: Record<string, string> = {
  generate: 'Generate',
  cot: 'CoT',
  /** Five CoT samples in parallel, then self-consistency selection. */
  'cot-sc': 'CoT, CoT, CoT, CoT, CoT > ScEnsemble',
};

/** A named baseline or a topology string, validated for the task. */
export function resolveTopology(spec: string, task: TaskName): Topology {
  return validateTopology(parseTopology(namedTopologies[spec] ?? spec), task);
}
