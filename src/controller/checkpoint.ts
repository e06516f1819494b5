import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { LamasError } from '../util/errors.ts';
import { controllerSpecSchema } from './controller-spec.ts';
import type { NamedWeight } from './controller-model.ts';

export const checkpointVersion = 1;

/** A checkpoint that cannot be used; names the directory and the problem. */
export class CheckpointError extends LamasError {
  override readonly exitCode = 2;
  override readonly name: string = 'CheckpointError';
  constructor(
    readonly dir: string,
    reason: string,
  ) {
    super(`checkpoint ${dir}: ${reason}`);
  }
}

/** The directory holds no checkpoint (no controller.json): nothing was saved there, or it is the wrong path. */
export class MissingCheckpointError extends CheckpointError {
  override readonly name: string = 'MissingCheckpointError';
  constructor(dir: string) {
    super(dir, 'no controller.json (not a checkpoint directory)');
  }
}

const tensorEntry = z.object({ name: z.string(), shape: z.array(z.number().int().nonnegative()), offset: z.number().int().nonnegative(), length: z.number().int().nonnegative() });

/**
 * What a controller was trained with. `config` is the trainer's parsed TrainConfig as it was
 * (train/train-config.ts; the trainer validates it with that schema when it resumes, and refuses
 * a different one); the seed and the training file complete the record.
 */
export const trainedWithSchema = z.object({
  config: z.record(z.string(), z.unknown()),
  seed: z.number().int(),
  /** The training file, for the record. */
  trainData: z.string(),
});
export type TrainedWith = z.infer<typeof trainedWithSchema>;

/** What checkpoints written before `trainedWith` recorded of their configuration instead (still loadable). */
const legacyHyperparametersSchema = z.object({
  lambdaT: z.number().nonnegative(),
  lambdaC: z.number().nonnegative(),
  cpCredit: z.boolean(),
  learningRate: z.number().positive(),
  batchSize: z.number().int().positive(),
  passes: z.number().int().positive(),
  seed: z.number().int(),
  checkpointEvery: z.number().int().positive(),
  trainData: z.string(),
  /** Weight of the entropy bonus in the loss (issue 14); absent in older checkpoints: 0. */
  entropy: z.number().nonnegative().optional(),
});

export const trainingStateSchema = z.object({
  /** Next batch to run: pass and batch index within the pass. */
  pass: z.number().int().nonnegative(),
  batch: z.number().int().nonnegative(),
  /** Batches done so far. */
  step: z.number().int().nonnegative(),
  done: z.boolean(),
  budgetExceeded: z.boolean(),
  ema: z.object({ mean: z.number(), std: z.number(), initialized: z.boolean() }),
  /** Default rules: the EMA of the S - lambda_c x C credits, kept apart from the EMA of R (train/reward.ts). */
  emaWithoutLatency: z.object({ mean: z.number(), std: z.number(), initialized: z.boolean() }).optional(),
  /** `--credit-baseline query`: each query's utility per credit kind over its earlier visits (train/query-baseline.ts). */
  queryMeans: z.record(z.string(), z.object({ visits: z.number().int().positive(), mean: z.number() })).optional(),
  /** State of the stream that samples topologies. */
  rngState: z.array(z.number()),
  spentUsd: z.number().nonnegative(),
});
export type TrainingState = z.infer<typeof trainingStateSchema>;

const controllerJsonSchema = z.object({
  format: z.literal('lamas-controller'),
  version: z.number().int().positive(),
  spec: controllerSpecSchema,
  trainedWith: trainedWithSchema.optional(),
  /** Checkpoints of an older lamas: read into `trainedWith` (legacyTrainedWith). */
  hyperparameters: legacyHyperparametersSchema.optional(),
  training: trainingStateSchema,
  /** Offsets into weights.bin (float32, little-endian). */
  weights: z.array(tensorEntry),
  /** Offsets into optimizer.bin: Adam's iteration count and moments. */
  optimizer: z.array(tensorEntry),
}).refine((json) => json.trainedWith !== undefined || json.hyperparameters !== undefined, { path: ['trainedWith'], message: 'missing (what the controller was trained with)' });
export type ControllerJson = z.infer<typeof controllerJsonSchema>;

export interface Checkpoint {
  spec: ControllerJson['spec'];
  trainedWith: TrainedWith;
  training: TrainingState;
  /** Trainable weights plus the fixed `operatorEmbeddings`. */
  weights: NamedWeight[];
  optimizer: NamedWeight[];
}

/**
 * Writes a checkpoint to a sibling temp directory and swaps it into place by renames, so the
 * path always holds a complete checkpoint (or, for a moment, the previous one beside it, which
 * `loadCheckpoint` recovers): a crash never leaves a half-written one.
 */
export async function saveCheckpoint(dir: string, checkpoint: Checkpoint): Promise<void> {
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const temp = `${dir}.tmp-${suffix}`;
  await mkdir(temp, { recursive: true });
  const weights = pack(checkpoint.weights);
  const optimizer = pack(checkpoint.optimizer);
  const json: ControllerJson = {
    format: 'lamas-controller',
    version: checkpointVersion,
    spec: checkpoint.spec,
    trainedWith: checkpoint.trainedWith,
    training: checkpoint.training,
    weights: weights.entries,
    optimizer: optimizer.entries,
  };
  await writeFile(join(temp, 'weights.bin'), weights.bytes);
  await writeFile(join(temp, 'optimizer.bin'), optimizer.bytes);
  // controller.json last: a directory with it is complete.
  await writeFile(join(temp, 'controller.json'), `${JSON.stringify(json, null, 2)}\n`);
  const old = `${dir}.old-${suffix}`;
  if (existsSync(dir)) await rename(dir, old);
  await rename(temp, dir);
  await rm(old, { recursive: true, force: true });
  await removeLeftovers(dir);
}

export async function loadCheckpoint(dirOrRun: string): Promise<Checkpoint> {
  const dir = resolveCheckpointDir(dirOrRun);
  const file = join(dir, 'controller.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new MissingCheckpointError(dirOrRun);
    throw new CheckpointError(dirOrRun, `controller.json is not valid JSON (${(error as Error).message})`);
  }
  const parsed = controllerJsonSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CheckpointError(dirOrRun, `controller.json field "${issue.path.join('.')}": ${issue.message}`);
  }
  const json = parsed.data;
  if (json.version > checkpointVersion) throw new CheckpointError(dirOrRun, `version ${json.version} is newer than this lamas supports (${checkpointVersion})`);
  return {
    spec: json.spec,
    trainedWith: json.trainedWith ?? legacyTrainedWith(json.hyperparameters!, json.spec),
    training: json.training,
    weights: unpack(dirOrRun, await readBytes(dirOrRun, join(dir, 'weights.bin')), json.weights),
    optimizer: unpack(dirOrRun, await readBytes(dirOrRun, join(dir, 'optimizer.bin')), json.optimizer),
  };
}

/**
 * An older checkpoint's record in today's terms: its hyperparameters and the controller fields of
 * its spec under the TrainConfig keys (the encoder as the spec it resolved to).
 */
function legacyTrainedWith(hyperparameters: z.infer<typeof legacyHyperparametersSchema>, spec: ControllerJson['spec']): TrainedWith {
  const { lambdaT, lambdaC, cpCredit, learningRate, batchSize, passes, seed, checkpointEvery, trainData } = hyperparameters;
  const { layers, threshold, architecture, encoder } = spec;
  const config = { lambdaT, lambdaC, cpCredit, learningRate, batchSize, epochs: passes, layers, threshold, architecture: architecture.kind, hidden: architecture.hidden, depth: architecture.depth, encoder: encoder.spec, checkpointEvery };
  return { config, seed, trainData };
}

/** A run directory holds its checkpoint in `checkpoint/`; either path is accepted. */
export function resolveCheckpointDir(path: string): string {
  const nested = join(path, 'checkpoint');
  if (existsSync(join(nested, 'controller.json'))) return nested;
  // A save interrupted between its two renames leaves the previous checkpoint beside the path.
  for (const candidate of [nested, path]) {
    if (!existsSync(candidate)) {
      const rescued = findSibling(candidate, '.old-');
      if (rescued) return rescued;
    }
  }
  return path;
}

function pack(tensors: NamedWeight[]): { bytes: Buffer; entries: ControllerJson['weights'] } {
  let offset = 0;
  const entries = tensors.map(({ name, shape, values }) => {
    const entry = { name, shape, offset, length: values.length };
    offset += values.length;
    return entry;
  });
  const bytes = Buffer.alloc(offset * 4);
  tensors.forEach(({ values }, i) => Buffer.from(values.buffer, values.byteOffset, values.byteLength).copy(bytes, entries[i]!.offset * 4));
  return { bytes, entries };
}

function unpack(dir: string, bytes: Buffer, entries: ControllerJson['weights']): NamedWeight[] {
  return entries.map(({ name, shape, offset, length }) => {
    if (shape.reduce((a, b) => a * b, 1) !== length) throw new CheckpointError(dir, `tensor ${name}: shape ${JSON.stringify(shape)} does not hold ${length} values`);
    if ((offset + length) * 4 > bytes.length) throw new CheckpointError(dir, `tensor ${name} runs past the end of its file (truncated?)`);
    const values = new Float32Array(length);
    Buffer.from(values.buffer).set(bytes.subarray(offset * 4, (offset + length) * 4));
    return { name, shape, values };
  });
}

async function readBytes(dir: string, file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch {
    throw new CheckpointError(dir, `${basename(file)} is missing`);
  }
}

/** The previous checkpoint left beside the path by a save interrupted between its two renames. */
function findSibling(path: string, marker: string): string | undefined {
  const parent = dirname(path);
  if (!existsSync(parent)) return undefined;
  const prefix = `${basename(path)}${marker}`;
  const match = readdirSync(parent).find((name) => name.startsWith(prefix));
  return match ? join(parent, match) : undefined;
}

async function removeLeftovers(dir: string): Promise<void> {
  const parent = dirname(dir);
  const base = basename(dir);
  for (const name of await readdir(parent)) {
    if (name.startsWith(`${base}.tmp-`) || name.startsWith(`${base}.old-`)) await rm(join(parent, name), { recursive: true, force: true });
  }
}
