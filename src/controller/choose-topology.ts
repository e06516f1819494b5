import { consumingOperators } from '../../operators/operator-names.ts';
import type { Topology } from '../graph/topology.ts';
import type { Random } from '../util/random.ts';
import type { ControllerModel } from './controller-model.ts';

export interface TopologyChoice {
  topology: Topology;
  /** Chosen operator indices per layer, ascending (node L<l>.<i> runs choice[l][i]). */
  choice: number[][];
  /** The full probability vector of every layer that was built. */
  probabilities: number[][];
  /**
   * The layer-0 generator added by the rule because the controller's own layer-0 choice had none
   * (its index), or null when the controller chose a generator itself.
   */
  forcedGenerator: number | null;
}

/**
 * Builds one query's topology layer by layer (DESIGN §3). Sampled: multinomial draws without
 * replacement until the chosen probabilities sum past the threshold. Greedy: the most probable
 * operators until they do. Layer 0 always gets a generating operator (the likeliest one is
 * added when none was drawn); EarlyStop ends the graph after its layer.
 */
export function chooseTopology(model: ControllerModel, query: Float32Array, random: Random | null): TopologyChoice {
  const { operators, layers, threshold } = model.spec;
  const choice: number[][] = [];
  const probabilities: number[][] = [];
  const scorer = model.scorer(query);
  let previous: number[] = [];
  let forcedGenerator: number | null = null;
  for (let layer = 0; layer < layers; layer++) {
    const probs = scorer(previous);
    const chosen = random ? drawUntil(probs, threshold, random) : topUntil(probs, threshold);
    if (layer === 0 && !chosen.some((i) => !consumingOperators.has(operators[i]!))) {
      forcedGenerator = likeliestGenerator(probs, operators);
      chosen.push(forcedGenerator);
    }
    chosen.sort((a, b) => a - b);
    choice.push(chosen);
    probabilities.push(probs);
    if (chosen.some((i) => operators[i] === 'EarlyStop')) break;
    previous = chosen;
  }
  return { topology: { layers: choice.map((indices) => indices.map((i) => operators[i]!)) }, choice, probabilities, forcedGenerator };
}

export function drawUntil(probs: readonly number[], threshold: number, random: Random): number[] {
  const remaining = probs.map((_, i) => i);
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

function likeliestGenerator(probs: readonly number[], operators: readonly string[]): number {
  const generators = probs.map((_, i) => i).filter((i) => !consumingOperators.has(operators[i] as never));
  return generators.reduce((best, i) => (probs[i]! > probs[best]! ? i : best), generators[0]!);
}

function argmax(values: readonly number[]): number {
  return values.reduce((best, value, i) => (value > values[best]! ? i : best), 0);
}
