import { type Checkpoint, CheckpointError, loadCheckpoint, MissingCheckpointError } from '../src/controller/checkpoint.ts';
import type { NamedWeight } from '../src/controller/controller-model.ts';
import type { ControllerSpec } from '../src/controller/controller-spec.ts';
import { rulesOfUnnamedCheckpoint } from '../src/controller/rules/index.ts';
import type { tf } from '../src/controller/tf-backend.ts';

/** The fixed operator embeddings, saved beside the trainable weights under this name. */
const operatorEmbeddingsName = 'operatorEmbeddings';

/**
 * A checkpoint to continue from, or null when none was saved yet (start fresh). It must describe
 * this very run: a different spec or hyperparameter is a CheckpointError naming it.
 */
export async function restoreCheckpoint(dir: string, spec: ControllerSpec, hyperparameters: Checkpoint['hyperparameters']): Promise<Checkpoint | null> {
  let checkpoint: Checkpoint;
  try {
    checkpoint = await loadCheckpoint(dir);
  } catch (error) {
    if (error instanceof MissingCheckpointError) return null; // nothing saved yet: start fresh
    throw error;
  }
  // A checkpoint from before issue 14 names no rule set and no entropy weight: it was trained with legacy rules and none.
  const saved = { ...checkpoint.spec, rules: checkpoint.spec.rules ?? rulesOfUnnamedCheckpoint, ...checkpoint.hyperparameters, entropy: checkpoint.hyperparameters.entropy ?? 0 };
  const mismatch = differingKey(saved, { ...spec, ...hyperparameters });
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
