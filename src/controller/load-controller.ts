import type { ChatModel } from '../llm/chat-model.ts';
import { getTask } from '../tasks/registry.ts';
import type { TaskName } from '../tasks/task.ts';
import { type Checkpoint, CheckpointError, loadCheckpoint, resolveCheckpointDir } from './checkpoint.ts';
import { ControllerModel } from './controller-model.ts';
import { createQueryEncoder, type QueryEncoder } from './encoders/index.ts';
import { ensureTfBackend } from './tf-backend.ts';

export interface LoadedController {
  checkpoint: Checkpoint;
  model: ControllerModel;
  encoder: QueryEncoder;
}

/**
 * A trained controller ready to choose topologies, checked against the task it will serve: a
 * checkpoint from another task or operator set is refused with a clear error.
 */
export async function loadController(path: string, task: TaskName | undefined, backendModel?: ChatModel): Promise<LoadedController> {
  await ensureTfBackend();
  const checkpoint = await loadCheckpoint(path);
  const { spec } = checkpoint;
  const dir = resolveCheckpointDir(path);
  if (task && spec.task !== task) throw new CheckpointError(dir, `it was trained for ${spec.task}, not ${task}`);
  const expected = getTask(spec.task).operators;
  // Several models: the candidates are (operator, model) pairs over the task's operators, each model's subset.
  const unknown = spec.operators.filter((operator) => !expected.includes(operator));
  if (spec.operatorModels !== undefined && unknown.length > 0) {
    throw new CheckpointError(dir, `its candidates include ${[...new Set(unknown)].join(', ')}, not among this lamas's ${spec.task} operators [${expected.join(', ')}]`);
  }
  // One model: the task's operators, or the subset a backend covering some roles only (replay) serves, in the task's order.
  const covered = expected.filter((operator) => spec.operators.includes(operator));
  if (spec.operatorModels === undefined && (spec.operators.length === 0 || JSON.stringify(spec.operators) !== JSON.stringify(covered))) {
    throw new CheckpointError(dir, `its operator set [${spec.operators.join(', ')}] is not this lamas's ${spec.task} operators [${expected.join(', ')}] or a subset of them in that order`);
  }
  const encoder = createQueryEncoder(spec.encoder.spec, { model: backendModel, embeddings: { dimension: spec.encoder.dimension } });
  await encoder.init();
  if (encoder.dimension !== spec.encoder.dimension) throw new CheckpointError(dir, `encoder ${spec.encoder.spec} gives ${encoder.dimension} dimensions, the checkpoint expects ${spec.encoder.dimension}`);
  const stored = checkpoint.weights.find((weight) => weight.name === 'operatorEmbeddings');
  if (!stored) throw new CheckpointError(dir, 'weights.bin has no operatorEmbeddings');
  const rowsStored = stored.values.length / spec.encoder.dimension;
  if (rowsStored !== spec.operators.length) throw new CheckpointError(dir, `weights.bin holds operatorEmbeddings for ${rowsStored} operators, controller.json names ${spec.operators.length}`);
  const rows = Array.from({ length: spec.operators.length }, (_, i) => stored.values.slice(i * spec.encoder.dimension, (i + 1) * spec.encoder.dimension));
  const model = ControllerModel.fromWeights(spec, rows, checkpoint.weights.filter((weight) => weight !== stored));
  return { checkpoint, model, encoder };
}
