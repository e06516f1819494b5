import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendOptions } from '../src/backend/backend-options.ts';
import { createBackend } from '../src/backend/create-llm-client.ts';
import { checkLlmCoversOperators, operatorsCoveredBy } from '../src/backend/provider-registry.ts';
import { candidatePairs } from '../src/backend/model-coverage.ts';
import { declaredModels } from '../src/backend/model-declarations.ts';
import { preflightModels } from '../src/backend/preflight.ts';
import { type TrainingState, saveCheckpoint } from '../src/controller/checkpoint.ts';
import { chooseTopology } from '../src/controller/choose-topology.ts';
import { ControllerModel } from '../src/controller/controller-model.ts';
import type { ControllerSpec } from '../src/controller/controller-spec.ts';
import { createQueryEncoder } from '../src/controller/encoders/index.ts';
import { rulesOf } from '../src/controller/rules/index.ts';
import { operatorEmbeddings } from '../src/controller/operator-embeddings.ts';
import { ensureTfBackend, tf } from '../src/controller/tf-backend.ts';
import { consumingOperators } from '../operators/operator-names.ts';
import { runQuery } from '../src/graph/run-query.ts';
import type { Problem, Task } from '../src/tasks/task.ts';
import { linkAbortSignal } from '../src/util/link-abort-signal.ts';
import { Random } from '../src/util/random.ts';
import { batchMetrics } from './batch-metrics.ts';
import { type BatchMetrics, MetricsLog } from './metrics-log.ts';
import { policyGradientStep } from './policy-gradient-step.ts';
import { creditOperators, normaliseCredits } from './reward.ts';
import { restoreAdam } from './restore-adam.ts';
import { entropyAt, entropyEndOf, entropyOf } from './entropy-schedule.ts';
import { centreOnQueries, creditBaselineOf } from './query-baseline.ts';
import type { TrainConfig } from './train-config.ts';
import { operatorEmbeddingsWeight, optimizerWeights, restoreCheckpoint, trainableWeights } from './training-checkpoint.ts';

export interface TrainRunOptions {
  config: TrainConfig;
  task: Task;
  problems: Problem[];
  /** The training file, recorded in the checkpoint. */
  trainData: string;
  backend: BackendOptions;
  /** Run directory: checkpoint/, metrics.csv. */
  out: string;
  resume: boolean;
  /** Told once the controller is ready: the step training starts at (0 unless resumed) of the planned total. */
  onStart?: (start: TrainStart) => void;
  onBatch?: (metrics: BatchMetrics, total: number) => void;
  /** Told after each checkpoint is saved, with its step; awaited (a queued job stores the checkpoint with the job). */
  onCheckpoint?: (step: number) => Promise<void>;
  /** Told when batch `step` (1-based) has its queries running. */
  onBatchStart?: (step: number) => void;
  /**
   * Stops training (Ctrl-C): the batch in flight is cancelled and dropped, and the checkpoint is
   * saved as of the last whole batch, so `--resume` continues exactly as an uninterrupted run would.
   */
  signal?: AbortSignal;
}

export interface TrainStart {
  /** Batches already done: the resumed checkpoint's step, else 0. */
  step: number;
  /** Batches of the whole run (passes x batches per pass). */
  totalSteps: number;
  resumed: boolean;
}

export interface TrainResult {
  checkpointDir: string;
  /** Batches done over the whole run, a resumed one's earlier part included. */
  steps: number;
  /** Queries trained on by this process (a resumed run's earlier part excluded). */
  queries: number;
  /** The step this process started at (the resumed checkpoint's, else 0). */
  startStep: number;
  /** Batches of the whole run as planned. */
  totalSteps: number;
  /** Queries trained on over the whole run, a resumed one's earlier part included. */
  queriesTotal: number;
  /** Stopped by `signal` before the run was done; the checkpoint holds the last whole batch. */
  interrupted: boolean;
  budgetExceeded: boolean;
  spentUsd: number;
  tfBackend: string;
  /** Wall seconds of this process's training (excludes a resumed run's earlier part). */
  seconds: number;
  last: BatchMetrics | null;
}

/**
 * The training loop (DESIGN §3), in the order it happens: build or restore the controller,
 * then for every pass and batch — sample a topology per query, run the batch's queries
 * concurrently, credit utilities to operators, normalise them, take one Adam step on
 * -mean(utility x log p), log, and checkpoint every N batches and at the end.
 */
export async function trainController(options: TrainRunOptions): Promise<TrainResult> {
  const { config, task, problems } = options;
  // Before anything is paid or written: a backend that cannot work fails here with its cause.
  const probe = await preflightModels(options.backend);
  const tfBackend = await ensureTfBackend();
  mkdirSync(options.out, { recursive: true });
  const checkpointDir = join(options.out, 'checkpoint');
  const backend = createBackend(options.backend, undefined, undefined, probe);
  const started = performance.now();
  try {
    // --- the controller: fresh, or exactly where a checkpoint left it ---
    const encoder = createQueryEncoder(config.encoder, { model: backend.client.model });
    await encoder.init();
    const declared = declaredModels(options.backend);
    // Several models: the candidates are the (operator, model) pairs the backends can serve (DESIGN §11).
    const pairs = declared.length > 1 ? candidatePairs(declared, task.name, task.operators) : undefined;
    const spec: ControllerSpec = {
      task: task.name,
      operators: pairs ? pairs.operators : candidateOperators(options.backend.llm, task),
      encoder: { spec: encoder.spec, dimension: encoder.dimension },
      architecture: { kind: config.architecture, hidden: config.hidden, depth: config.depth },
      layers: config.layers,
      threshold: config.threshold,
      rules: config.rules,
      ...(pairs ? { models: declared.map(({ name, backend }) => ({ name, backend })), operatorModels: pairs.models } : {}),
    };
    if (config.architecture === 'maas') spec.architecture.cosineScale = 1; // the reference scorer: no temperature
    // The entropy weights are resolved before they are recorded, so the checkpoint says what was used.
    const entropy = { entropy: entropyOf(config), entropyEnd: entropyEndOf(config) };
    const resolved: TrainConfig = { ...config, ...entropy, creditBaseline: creditBaselineOf(config) };
    const trainedWith = { config: resolved, seed: options.backend.seed, trainData: options.trainData };
    const rules = rulesOf(spec);
    const restored = options.resume ? await restoreCheckpoint(checkpointDir, spec, trainedWith) : null;
    const embeddings = await operatorEmbeddings(encoder, spec.operators, pairs ? { of: pairs.models, backends: new Map(declared.map((model) => [model.name, model.backend])) } : undefined);
    const model = restored
      ? ControllerModel.fromWeights(spec, embeddings, trainableWeights(restored))
      : ControllerModel.create(spec, embeddings, Random.derive(options.backend.seed, 'init'));
    const optimizer = tf.train.adam(config.learningRate);
    if (restored && restored.optimizer.length > 0) {
      await restoreAdam(optimizer, restored.optimizer.map((weight) => ({ name: weight.name, tensor: tf.tensor(weight.values, weight.shape) })));
    }
    let state: TrainingState = restored ? inFreshOrder(restored.training) : {
      pass: 0,
      batch: 0,
      step: 0,
      done: false,
      budgetExceeded: false,
      ema: { mean: 0, std: 1, initialized: false },
      rngState: Random.derive(options.backend.seed, 'sample').state(),
      spentUsd: 0,
    };
    backend.client.budget.charge(state.spentUsd);
    let sampler = Random.fromState(state.rngState);
    const features = await encoder.encode(problems.map((problem) => problem.question));
    const metrics = new MetricsLog(join(options.out, 'metrics.csv'));
    metrics.start(restored ? state.step : null);

    let savedStep = restored ? state.step : null;
    const save = async () => {
      savedStep = state.step;
      await saveCheckpoint(checkpointDir, {
        spec,
        trainedWith,
        training: { ...state, rngState: sampler.state(), spentUsd: backend.client.budget.spentUsd },
        weights: [...model.weights(), operatorEmbeddingsWeight(embeddings, spec.encoder.dimension)],
        optimizer: await optimizerWeights(optimizer),
      });
      await options.onCheckpoint?.(state.step);
    };

    const batchesPerPass = Math.ceil(problems.length / config.batchSize);
    const totalSteps = batchesPerPass * config.epochs;
    const startStep = state.step;
    options.onStart?.({ step: startStep, totalSteps, resumed: restored !== null });
    // A batch's queries stop on too many failed calls (FailurePolicy) or on Ctrl-C.
    const batchCancel = linkAbortSignal(backend.client.failures.signal, options.signal);
    const batchSignal = batchCancel.signal;
    let queries = 0;
    let last: BatchMetrics | null = null;
    let interrupted = false;
    while (!state.done) {
      if (backend.client.budget.exceeded) {
        state = { ...state, budgetExceeded: true, done: true };
        break;
      }
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      const samplerBefore = sampler.state();
      // --- 1. the batch: a fixed seeded order per pass, so a resumed run sees the same batches ---
      const order = Random.derive(options.backend.seed, 'order', state.pass).shuffle(problems.map((_, i) => i));
      const batch = order.slice(state.batch * config.batchSize, (state.batch + 1) * config.batchSize);
      // --- 2. sample a topology per query, then run the queries concurrently ---
      const choices = batch.map((i) => chooseTopology(model, features[i]!, sampler));
      const running = batch.map((i, k) =>
        runQuery({
          runId: `train-${state.pass}-${state.batch}`,
          task,
          problem: problems[i]!,
          topology: choices[k]!.topology,
          scheduler: 'layer',
          llm: backend.client,
          ...(backend.routes ? { models: backend.routes } : {}),
          sandbox: backend.sandbox,
          signal: batchSignal,
        }),
      );
      options.onBatchStart?.(state.step + 1);
      const results = await Promise.all(running);
      if (options.signal?.aborted) {
        // Ctrl-C cut the batch short: drop it whole, as if it had never been drawn.
        sampler = Random.fromState(samplerBefore);
        interrupted = true;
        break;
      }
      // A batch whose calls mostly failed teaches nothing: stop before its step (judged at any count on the last batch).
      const lastBatch = state.batch + 1 >= batchesPerPass && state.pass + 1 >= config.epochs;
      const tooManyFailures = backend.client.failures.check(lastBatch);
      if (tooManyFailures) {
        const kept = savedStep === null ? 'no checkpoint was written' : `${checkpointDir} holds step ${savedStep}: fix the backend, then run the same command with --resume`;
        throw tooManyFailures.withDetail(`training stopped before step ${state.step + 1}; ${kept}`);
      }
      queries += batch.length;
      // --- 3. credit, normalise, one policy-gradient step ---
      const credited = results.flatMap((result, k) => creditOperators(result, choices[k]!.choice, config, rules, spec.operators).map((term) => ({ ...term, query: batch[k]! })));
      const centred = resolved.creditBaseline === 'query' ? centreOnQueries(credited, state.queryMeans ?? {}) : { centred: credited, means: undefined };
      const { normalised, baselines } = normaliseCredits(centred.centred, state, rules.separateBaselines && config.cpCredit);
      state = { ...state, ...baselines, ...(centred.means ? { queryMeans: centred.means } : {}) };
      const loss = policyGradientStep(model, optimizer, batch.map((i) => features[i]!), choices, normalised, entropyAt(entropy, state.step, totalSteps));
      // --- 4. log and move on ---
      last = batchMetrics(state, results, choices, loss, config);
      metrics.append(last);
      options.onBatch?.(last, totalSteps);
      const nextBatch = state.batch + 1;
      const passDone = nextBatch >= batchesPerPass;
      state = {
        ...state,
        step: state.step + 1,
        pass: passDone ? state.pass + 1 : state.pass,
        batch: passDone ? 0 : nextBatch,
        done: passDone && state.pass + 1 >= config.epochs,
      };
      if (state.step % config.checkpointEvery === 0 || state.done) await save();
    }
    batchCancel.unlink(); // the last batch is over: nothing listens on the run's signals any more
    await save();
    model.dispose();
    optimizer.dispose();
    return {
      checkpointDir,
      steps: state.step,
      queries,
      startStep,
      totalSteps,
      queriesTotal: state.pass * problems.length + Math.min(state.batch * config.batchSize, problems.length),
      interrupted,
      budgetExceeded: state.budgetExceeded,
      spentUsd: backend.client.budget.spentUsd,
      tfBackend,
      seconds: (performance.now() - started) / 1000,
      last,
    };
  } finally {
    backend.close();
  }
}

/**
 * A restored training state with its keys where an uninterrupted run has them: the schema reads
 * `emaWithoutLatency` back before `rngState`, while a run adds it last (with the first step's
 * baselines). Same values either way; the order makes a resumed checkpoint the same bytes as an
 * uninterrupted one (a queued sweep's retried job, issue 19).
 */
function inFreshOrder(training: TrainingState): TrainingState {
  const { emaWithoutLatency, queryMeans, ...rest } = training;
  return { ...rest, ...(emaWithoutLatency === undefined ? {} : { emaWithoutLatency }), ...(queryMeans === undefined ? {} : { queryMeans }) };
}

/**
 * The controller's candidates: the task's operators the backend can answer (replay covers some
 * roles only). Refused, naming what it covers, when no operator could start a graph.
 */
function candidateOperators(llm: string, task: Task): ControllerSpec['operators'] {
  const covered = operatorsCoveredBy(llm, task.name, task.operators);
  if (covered.every((operator) => consumingOperators.has(operator))) checkLlmCoversOperators(llm, task.name, task.operators);
  return covered;
}
