import { topologyToMermaid } from '../graph/topology-formats.ts';
import { topologyToString } from '../graph/topology.ts';
import type { TaskName } from '../tasks/task.ts';
import type { TopologyChoice } from './choose-topology.ts';
import type { ControllerSpec } from './controller-spec.ts';

/** A chosen topology as `lamas topology --json` prints it and `POST /v1/topology` returns it. */
export interface TopologyDescription {
  task: TaskName;
  topology: string;
  /** Per layer: the operators that run and the probability of every operator (6 decimals). */
  layers: Array<{ operators: string[]; probabilities: Record<string, number> }>;
  mermaid: string;
  greedy: boolean;
  /**
   * The layer-0 generator that runs only because layer 0 must have one (the controller's own
   * choice had none); null when the controller chose its generator. Worth watching: see
   * "Reading these honestly" in docs/RESULTS-SIM.md.
   */
  forcedGenerator: string | null;
}

export function describeChoice(choice: TopologyChoice, spec: Pick<ControllerSpec, 'task' | 'operators'>, greedy: boolean): TopologyDescription {
  const { operators } = spec;
  return {
    task: spec.task,
    topology: topologyToString(choice.topology),
    layers: choice.topology.layers.map((layer, l) => {
      const probabilities: Record<string, number> = {};
      const probs = choice.probabilities[l]!;
      for (let i = 0; i < operators.length; i++) probabilities[operators[i]!] = Math.round(probs[i]! * 1e6) / 1e6;
      return { operators: layer, probabilities };
    }),
    mermaid: topologyToMermaid(choice.topology),
    greedy,
    forcedGenerator: choice.forcedGenerator === null ? null : operators[choice.forcedGenerator]!,
  };
}
