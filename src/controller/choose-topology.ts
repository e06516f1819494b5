import type { Topology } from '../graph/topology.ts';
import type { Random } from '../util/random.ts';
import type { ControllerModel } from './controller-model.ts';
import { rulesOf } from './rules/index.ts';

export interface TopologyChoice {
  topology: Topology;
  /** Operator indices that run per layer, in node order (node L<l>.<i> runs choice[l][i]); each one's log-probability enters the loss. */
  choice: number[][];
  /** The distribution each built layer was drawn from (zero outside the rule set's candidates). */
  probabilities: number[][];
  /** Per layer, the operators of the previous layer its scorer was conditioned on ([] at layer 0). */
  conditioning: number[][];
  /**
   * The layer-0 generator that runs though the policy did not choose it (legacy: added because the
   * controller's own choice had none; maas: the substituted Generate), else null. Always null under
   * the default rules.
   */
  forcedGenerator: number | null;
}

/**
 * Builds one query's topology layer by layer (DESIGN §3) under the controller's rule set.
 * Sampled: multinomial draws without replacement until the chosen probabilities sum past the
 * threshold. Greedy: the most probable operators until they do. The rule set says which
 * operators are candidates, what of the draw runs, and when the graph ends.
 */
export function chooseTopology(model: ControllerModel, query: Float32Array, random: Random | null): TopologyChoice {
  const { operators, layers, threshold } = model.spec;
  const rules = rulesOf(model.spec);
  const choice: number[][] = [];
  const probabilities: number[][] = [];
  const conditioning: number[][] = [];
  const scorer = model.scorer(query);
  let previous: number[] = [];
  let forcedGenerator: number | null = null;
  for (let layer = 0; layer < layers; layer++) {
    const probs = restrict(scorer(previous), rules.candidates(layer, operators));
    const drawn = random ? drawUntil(probs, threshold, random) : topUntil(probs, threshold);
    const settled = rules.settle(layer, drawn, probs, operators);
    if (layer === 0) forcedGenerator = settled.imposed;
    choice.push(settled.runs);
    probabilities.push(probs);
    conditioning.push(previous);
    if (settled.stop) break;
    previous = rules.conditioning(settled.runs);
  }
  const { operatorModels } = model.spec;
  // Several models: each node runs its candidate's model (DESIGN §11).
  const topology = { layers: choice.map((indices) => indices.map((i) => operators[i]!)), ...(operatorModels ? { models: choice.map((indices) => indices.map((i) => operatorModels[i]!)) } : {}) };
  return { topology, choice, probabilities, conditioning, forcedGenerator };
}

/** The softmax over the candidates only: their probabilities renormalised, the others 0. */
function restrict(probs: number[], candidates: boolean[] | null): number[] {
  if (!candidates) return probs;
  const mass = probs.reduce((sum, p, i) => (candidates[i] ? sum + p : sum), 0);
  return probs.map((p, i) => (candidates[i] ? Math.fround(p / mass) : 0));
}

export function drawUntil(probs: readonly number[], threshold: number, random: Random): number[] {
  // Operators outside the candidates (probability 0) are never drawn, not even by rounding.
  const remaining = probs.map((_, i) => i).filter((i) => probs[i]! > 0);
  const chosen: number[] = [];
  let total = 0;
  while (remaining.length > 0 && total <= threshold) {
    const mass = remaining.reduce((sum, i) => sum + probs[i]!, 0);
    let draw = random.float() * mass;
    let pick = remaining[remaining.length - 1]!;
    for (const i of remaining) {
      draw -= probs[i]!;
      if (draw < 0) {
        pick = i;
        break;
      }
    }
    chosen.push(pick);
    total += probs[pick]!;
    remaining.splice(remaining.indexOf(pick), 1);
  }
  return chosen.length > 0 ? chosen : [argmax(probs)];
}

export function topUntil(probs: readonly number[], threshold: number): number[] {
  const order = probs.map((_, i) => i).sort((a, b) => probs[b]! - probs[a]! || a - b);
  const chosen: number[] = [];
  let total = 0;
  for (const i of order) {
    if (total > threshold) break;
    chosen.push(i);
    total += probs[i]!;
  }
  return chosen;
}

function argmax(values: readonly number[]): number {
  return values.reduce((best, value, i) => (value > values[best]! ? i : best), 0);
}
