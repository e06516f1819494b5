import { type Checkpoint, CheckpointError, loadCheckpoint, MissingCheckpointError } from '../src/controller/checkpoint.ts';
import type { NamedWeight } from '../src/controller/controller-model.ts';
import type { ControllerSpec } from '../src/controller/controller-spec.ts';
import { rulesOfUnnamedCheckpoint } from '../src/controller/rules/rule-set.ts';
import type { tf } from '../src/controller/tf-backend.ts';
import { type TrainConfig, trainConfigSchema } from './train-config.ts';

/** What a training run is: its config, seed and training file (stored in the checkpoint as `trainedWith`). */
export interface TrainingRun {
  config: TrainConfig;
  seed: number;
  trainData: string;
}

/** The fixed operator embeddings, saved beside the trainable weights under this name. */
const operatorEmbeddingsName = 'operatorEmbeddings';

/**
 * A checkpoint to continue from, or null when none was saved yet (start fresh). It must describe
 * this very run: its config is read with the trainer's schema (fields added since it was written
 * take their defaults), and a different spec, config field, seed or training file is a
 * CheckpointError naming it.
 */
export async function restoreCheckpoint(dir: string, spec: ControllerSpec, run: TrainingRun): Promise<Checkpoint | null> {
  let checkpoint: Checkpoint;
  try {
    checkpoint = await loadCheckpoint(dir);
  } catch (error) {
    if (error instanceof MissingCheckpointError) return null; // nothing saved yet: start fresh
    throw error;
  }
  // A checkpoint from before issue 14 names no rule set and no entropy weight: it was trained with legacy rules and none.
  const savedSpec = { ...checkpoint.spec, rules: checkpoint.spec.rules ?? rulesOfUnnamedCheckpoint };
  const saved = trainConfigSchema.safeParse({ rules: savedSpec.rules, entropy: 0, ...checkpoint.trainedWith.config });
  if (!saved.success) {
    const issue = saved.error.issues[0]!;
    throw new CheckpointError(dir, `controller.json field "trainedWith.config.${issue.path.join('.')}": ${issue.message}`);
  }
  // A checkpoint from before the entropy schedule kept its one weight to the end.
  // One from before --credit-baseline centred every credit on the batch EMA.
  const savedConfig = { ...saved.data, entropyEnd: saved.data.entropyEnd ?? saved.data.entropy, creditBaseline: saved.data.creditBaseline ?? 'batch' };
  const { seed, trainData } = checkpoint.trainedWith;
  // Spec and config share key names (layers, encoder...) with different shapes: compared apart.
  const mismatch = differingKey(savedSpec, spec) ?? differingKey(savedConfig, run.config) ?? differingKey({ seed, trainData }, { seed: run.seed, trainData: run.trainData });
  if (mismatch) throw new CheckpointError(dir, `--resume with a different ${mismatch} than the checkpoint was trained with`);
  return checkpoint;
}

function differingKey(saved: Record<string, unknown>, now: Record<string, unknown>): string | undefined {
  return Object.keys(now).find((key) => JSON.stringify(saved[key]) !== JSON.stringify(now[key]));
}

/** The operator embeddings as one saved tensor, rows one after another. */
export function operatorEmbeddingsWeight(embeddings: readonly Float32Array[], dimension: number): NamedWeight {
  return { name: operatorEmbeddingsName, shape: [embeddings.length, dimension], values: flatten(embeddings) };
}

/** The trainable weights of a restored checkpoint (the operator embeddings are recomputed). */
export function trainableWeights(checkpoint: Checkpoint): NamedWeight[] {
  return checkpoint.weights.filter((weight) => weight.name !== operatorEmbeddingsName);
}

/** Adam's iteration count and moments, as saved in optimizer.bin. */
export async function optimizerWeights(optimizer: tf.AdamOptimizer): Promise<NamedWeight[]> {
  const named = await optimizer.getWeights();
  return named.map(({ name, tensor }) => ({ name, shape: tensor.shape, values: Float32Array.from(tensor.dataSync()) }));
}

function flatten(rows: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(rows.reduce((sum, row) => sum + row.length, 0));
  let offset = 0;
  for (const row of rows) {
    out.set(row, offset);
    offset += row.length;
  }
  return out;
}
