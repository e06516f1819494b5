import type { TaskName } from '../tasks/task.ts';
import { parseTopology, TopologyError } from './parse-topology.ts';
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
  return validateTopology(parseNamedOrString(spec), task);
}

function parseNamedOrString(spec: string): Topology {
  const named = namedTopologies[spec];
  if (named) return parseTopology(named);
  try {
    return parseTopology(spec);
  } catch (error) {
    // `generate > cot`: a named topology is a whole --topology value, not an operator of a string.
    if (error instanceof TopologyError && error.token !== undefined && namedTopologies[error.token.toLowerCase()] !== undefined) {
      const name = error.token.toLowerCase();
      throw error.withHint(`"${name}" is a named topology (${namedTopologies[name]}): named topologies (${Object.keys(namedTopologies).join(', ')}) are a whole --topology value; inside a topology string use operator names`);
    }
    throw error;
  }
}
