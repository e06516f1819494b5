import { topologyToMermaid } from '../graph/topology-formats.ts';
import { layerLabels, topologyToString } from '../graph/topology.ts';
import type { TaskName } from '../tasks/task.ts';
import type { TopologyChoice } from './choose-topology.ts';
import { candidateLabels, type ControllerSpec } from './controller-spec.ts';
import { type RuleSetName, rulesOfUnnamedCheckpoint } from './rules/index.ts';

/** A chosen topology as `lamas topology --json` prints it and `POST /v1/topology` returns it. */
export interface TopologyDescription {
  task: TaskName;
  topology: string;
  /** Per layer: the operators that run and the probability of every candidate (6 decimals); `CoT@big` with several models. */
  layers: Array<{ operators: string[]; probabilities: Record<string, number> }>;
  mermaid: string;
  greedy: boolean;
  /** The rule set the controller chooses by (its checkpoint's; `legacy` for checkpoints before issue 14). */
  rules: RuleSetName;
  /**
   * The layer-0 generator that runs though the controller did not choose it (legacy: added because
   * its own choice had none; maas: the substituted Generate); always null under the default rules.
   * Worth watching: see "Reading these honestly" in docs/RESULTS-SIM.md.
   */
  forcedGenerator: string | null;
}

export function describeChoice(choice: TopologyChoice, spec: Pick<ControllerSpec, 'task' | 'operators' | 'operatorModels' | 'rules'>, greedy: boolean): TopologyDescription {
  const operators = candidateLabels(spec);
  const labels = layerLabels(choice.topology);
  return {
    task: spec.task,
    topology: topologyToString(choice.topology),
    layers: choice.topology.layers.map((_, l) => {
      const probabilities: Record<string, number> = {};
      const probs = choice.probabilities[l]!;
      for (let i = 0; i < operators.length; i++) probabilities[operators[i]!] = Math.round(probs[i]! * 1e6) / 1e6;
      return { operators: labels[l]!, probabilities };
    }),
    mermaid: topologyToMermaid(choice.topology),
    greedy,
    rules: spec.rules ?? rulesOfUnnamedCheckpoint,
    forcedGenerator: choice.forcedGenerator === null ? null : operators[choice.forcedGenerator]!,
  };
}
