import { UsageError } from '../util/errors.ts';
import { layerLabels, type Topology } from './topology.ts';

/**
 * A parsed topology tied to the run's declared models (DESIGN §11), in its canonical form: with one
 * model, no node names one (it prints exactly as a single-model topology always has); with several,
 * every node names its own (`CoT` alone is the first model). A node naming a model that is not
 * declared is refused (exit 2, naming `flag`, the node and the declared models).
 */
export function bindTopologyModels(topology: Topology, declared: readonly string[], flag = '--topology'): Topology {
  const labels = layerLabels(topology);
  topology.models?.forEach((layer, l) =>
    layer.forEach((model, i) => {
      if (model !== undefined && !declared.includes(model)) {
        const known = declared.length > 1 ? `--models declares ${declared.join(', ')}` : `the only model is ${declared[0]} (declare several with --models name=backend,...)`;
        throw new UsageError(`node "${labels[l]![i]}" names model "${model}", which is not declared: ${known}`, flag);
      }
    }),
  );
  if (declared.length <= 1) return { layers: topology.layers };
  const first = declared[0]!;
  return { layers: topology.layers, models: topology.layers.map((layer, l) => layer.map((_, i) => topology.models?.[l]?.[i] ?? first)) };
}
