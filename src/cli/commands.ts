import type { CAC } from 'cac';
import { UsageError } from '../util/errors.ts';
import { emit } from './output.ts';
import { parseOptions } from './parse-options.ts';

/**
 * The command table. Each command module is imported lazily so `lamas --help` stays fast;
 * an action returns the process exit code.
 */
type Register = (cli: CAC) => void;

const grade: Register = (cli) =>
  cli
    .command('grade', 'Grade model outputs against a benchmark file')
    .option('--task <task>', 'gsm8k | math | humaneval')
    .option('--data <file>', 'benchmark JSONL (official or MaAS split format)')
    .option('--predictions <file>', 'humaneval: samples.jsonl {task_id, completion}; gsm8k/math: {id, output}')
    .option('--out <file>', 'write one JSONL row per graded item {id, correct, status, extracted}')
    .option('--concurrency <n>', 'sandboxed runs at once (default: CPU count)')
    .option('--timeout <seconds>', 'wall timeout of one sandboxed run (default 10)')
    .option('--json', 'print exactly one JSON summary on stdout')
    .example('lamas grade --task humaneval --data HumanEval.jsonl --predictions samples.jsonl --json')
    .action(async (flags: Record<string, unknown>) => {
      const command = await import('./commands/grade.ts');
      const options = parseOptions(command.gradeOptionsSchema, flags);
      emit(await command.grade(options), options.json, command.renderGradeSummary);
      return 0;
    });

/** `lamas data fetch` names, kept here so `--help` needs no import (a test checks them against DATASET_MANIFEST). */
export const datasetNames = ['gsm8k', 'humaneval', 'math500', 'prm800k-math-splits', 'maas-splits', 'math', 'replay'];

const data: Register = (cli) =>
  cli
    .command('data <action> [target]', 'fetch NAME --dest DIR: download a benchmark (sha256-pinned) · verify DIR: check files')
    .usage(`data fetch NAME --dest DIR [--mirror URL]\n  $ lamas data verify DIR\n\n  NAME: ${datasetNames.join(', ')}`)
    .option('--dest <dir>', 'fetch: where to write the files')
    .option('--mirror <url>', 'fetch: base URL (http(s):// or file://) serving the same relative paths')
    .option('--json', 'print exactly one JSON object on stdout')
    .example('lamas data fetch gsm8k --dest ./benchmarks')
    .example('lamas data verify ./benchmarks')
    .action(async (action: string, target: string | undefined, flags: Record<string, unknown>) => {
      const command = await import('./commands/data.ts');
      if (action === 'fetch') {
        if (!target) throw new UsageError(`missing the dataset name: lamas data fetch NAME --dest DIR, NAME one of ${datasetNames.join(', ')}`, 'data fetch');
        const options = parseOptions(command.dataFetchOptionsSchema, { ...flags, name: target });
        emit(await command.dataFetch(options), options.json, command.renderFetchResult);
        return 0;
      }
      if (action === 'verify') {
        if (!target) throw new UsageError('missing the directory: lamas data verify DIR', 'data verify');
        const options = parseOptions(command.dataVerifyOptionsSchema, { ...flags, dir: target });
        const report = await command.dataVerify(options);
        emit(report, options.json, command.renderVerifyReport);
        return report.ok ? 0 : 1;
      }
      throw new UsageError(`unknown action "${action}" (expected fetch or verify)`, 'data');
    });

const simServer: Register = (cli) =>
  cli
    .command('sim-server', 'Serve the simulated backend as an OpenAI-compatible HTTP API')
    .option('--port <n>', 'port (default 8787; 0 picks a free one)')
    .option('--host <host>', 'interface to bind (default 127.0.0.1)')
    .option('--profile <name>', 'sim profile (default gpt-4o-mini) or a profile .json')
    .option('--seed <n>', 'simulation seed (default 0)')
    .option('--sim-time <mode>', 'real (default: responses take the simulated latency) | virtual (immediate)')
    .option('--sim-scale <f>', 'multiply simulated latencies in real time (default 1)')
    .example('lamas sim-server --port 8787 --sim-scale 0.1')
    .action(async (flags: Record<string, unknown>) => {
      const command = await import('./commands/sim-server.ts');
      await command.simServer(parseOptions(command.simServerOptionsSchema, flags));
      return 0;
    });

const replay: Register = (cli) =>
  cli
    .command('replay <action> [model]', 'describe MODEL: what a replay:<model> backend covers (roles, styles, samples, recorded accuracy)')
    .option('--replay-dir <dir>', 'folder of recordings (default .lamas-data/replay, else ../shared/replay)')
    .option('--json', 'print exactly one JSON object on stdout')
    .example('lamas replay describe gpt-4o-mini')
    .action(async (action: string, model: string | undefined, flags: Record<string, unknown>) => {
      if (action !== 'describe') throw new UsageError(`unknown action "${action}" (expected describe)`, 'replay');
      const command = await import('./commands/replay.ts');
      const options = parseOptions(command.replayDescribeOptionsSchema, { ...flags, model });
      emit(await command.replayDescribe(options), options.json, command.renderReplayDescription);
      return 0;
    });

/** Flags every command that calls a model accepts (DESIGN §5). */
function backendFlags<T extends ReturnType<CAC['command']>>(command: T): T {
  return command
    .option('--llm <backend>', 'sim:<profile> (default sim:gpt-4o-mini) | openai:<model> | replay:<model>')
    .option('--replay-dir <dir>', 'replay: folder of recordings (default .lamas-data/replay, else ../shared/replay)')
    .option('--base-url <url>', 'OpenAI-compatible server (default $OPENAI_BASE_URL)')
    .option('--seed <n>', 'seed for everything random (default 0)')
    .option('--sim-time <mode>', 'virtual (default: no sleeping) | real')
    .option('--sim-scale <f>', 'real-time sim: multiply simulated latencies (default 1)')
    .option('--concurrency <n>', 'LLM calls in flight per backend (default 8)')
    .option('--tokens-per-minute <n>', 'optional token rate cap')
    .option('--cache [path]', 'SQLite response cache file (default for openai: .lamas-cache/llm.sqlite; sim: off)')
    .option('--no-cache', 'do not cache responses')
    .option('--max-cost <usd>', 'stop starting LLM calls once this much is spent')
    .option('--request-timeout <s>', 'openai: longest silence per attempt (default 60)')
    .option('--prices <file>', 'JSON {"model": {"input": USD, "output": USD}} per 1M tokens, over the built-in list prices')
    .option('--max-failure-share <f>', 'stop (exit 1) once more than this share of LLM calls failed, judged after 10 calls and at the end (default 0.5; 1 = never; not serve)') as T;
}

const run: Register = (cli) =>
  backendFlags(
    cli
      .command('run', 'Run a fixed topology over a task and report accuracy, cost and critical paths')
      .option('--task <task>', 'gsm8k | math | humaneval')
      .option('--data <file>', 'task file (official or MaAS format); default: the self-made --split')
      .option('--split <split>', 'self-made data split: train | test (default test)')
      .option('--limit <n>', 'first N problems only')
      .option('--public-tests <file>', 'humaneval: public asserts for the Test operator')
      .option('--topology <topology>', 'generate | cot | cot-sc | "Generate > CoT, MultiCoT > ScEnsemble" (default cot)')
      .option('--scheduler <s>', 'layer (default, barrier per layer) | ready | sequential')
      .option('--final <mode>', 'majority (default) | llm (an extra ScEnsemble layer)')
      .option('--queries-in-flight <n>', 'queries run at once (default 4)')
      .option('--strategy <s>', 'single (default: the topology once) | teams (parallel teams, M1-Parallel)')
      .option('--teams <n>', 'teams: teams run at once, each with its own plan (default 3)')
      .option('--mode <m>', 'teams: early-stop (default: first success wins, the rest are stopped) | aggregate')
      .option('--k <k>', 'teams, aggregate: successful answers to wait for (default --teams)')
      .option('--aggregator <a>', 'teams, aggregate: majority (default) | llm | best-of-k (oracle upper bound, evaluation only)')
      .option('--planning <p>', 'teams: repeated (default: one prompt, high temperature) | diverse (sequential, each plan unlike the others) | none (no planner; own sample streams)')
      .option('--max-attempts <m>', 'teams: attempts per team; a retry is replanned in view of all recorded failures (default 2)')
      .option('--out <dir>', 'write summary.json, results.jsonl, trace.jsonl here')
      .option('--overwrite', 'when --out holds an earlier run, delete its files first (without it: refused, exit 2)')
      .option('--json', 'print exactly one JSON summary on stdout'),
  )
    .example('lamas run --task gsm8k --topology cot-sc --limit 20 --json')
    .example('lamas run --task gsm8k --topology cot --strategy teams --teams 3 --mode aggregate --aggregator llm --limit 20')
    .action(async (flags: Record<string, unknown>) => {
      const command = await import('./commands/run.ts');
      const options = parseOptions(command.runOptionsSchema, flags);
      const result = await command.run(options);
      if (options.json) emit(result.summary, true, String);
      else emit(result, false, command.renderRunResult);
      // Ctrl-C: the finished queries are printed and written (marked partial); exit 130.
      if (result.interrupted) throw result.interrupted;
      // The answers are out and written; an incomplete trace still fails the command (exit 1).
      if (result.incompleteTrace) throw result.incompleteTrace;
      return 0;
    });

const demo: Register = (cli) =>
  backendFlags(
    cli
      .command('demo', 'The main job on the embedded default: train controllers on self-made data (sim backend), evaluate beside the baselines, plot')
      .option('--task <task>', 'gsm8k (default) | math | humaneval')
      .option('--epochs <k>', 'training passes (default 2)')
      .option('--out <dir>', 'where checkpoints, runs, sweep.csv and pareto.svg go (default runs/demo, replaced by each demo)')
      .option('--overwrite', 'when --out holds an earlier run, delete its files first (without it: refused, exit 2)')
      .option('--png', 'also write pareto.png (2x) beside pareto.svg')
      .option('--json', 'print exactly one JSON object on stdout'),
  ).action(async (flags: Record<string, unknown>) => {
    const command = await import('./commands/demo.ts');
    const options = parseOptions(command.demoOptionsSchema, flags);
    emit(await command.demo(options), options.json, command.renderDemo);
    return 0;
  });

/** Flags of the trainer (DESIGN §3 defaults). */
function trainerFlags<T extends ReturnType<CAC['command']>>(command: T): T {
  return command
    .option('--lambda-c <x>', 'USD weight (default 3)')
    .option('--no-cp-credit', 'charge the latency penalty to every operator (the paper ablation)')
    .option('--epochs <k>', 'passes over the training split (default 4)')
    .option('--learning-rate <lr>', 'Adam learning rate (default 0.01)')
    .option('--batch-size <n>', 'queries per policy-gradient step (default 4)')
    .option('--layers <n>', 'layers the controller builds (default 4)')
    .option('--threshold <p>', 'selection threshold (default 0.3)')
    .option('--architecture <a>', 'mlp (default) | maas (projections + cosine + softmax)')
    .option('--hidden <n>', 'hidden units (default 32)')
    .option('--depth <n>', 'hidden layers (default 1)')
    .option('--encoder <spec>', 'hash (default) | hash:<dim> | embeddings:<model>')
    .option('--checkpoint-every <n>', 'batches between checkpoints (default 10)')
    .option('--data <file>', 'training file; default: the self-made --split')
    .option('--split <split>', 'self-made training split (default train)')
    .option('--test-data <file>', 'evaluation file; default: the self-made --test-split')
    .option('--test-split <split>', 'self-made evaluation split (default test)')
    .option('--limit <n>', 'first N training problems only')
    .option('--greedy', 'evaluate with the highest-probability operators instead of sampling')
    .option('--queries-in-flight <n>', 'evaluation queries run at once (default 4)') as T;
}

const train: Register = (cli) =>
  trainerFlags(
    backendFlags(
      cli
        .command('train', 'Train a latency-aware controller, then evaluate it on the test split')
        .option('--task <task>', 'gsm8k | math | humaneval')
        .option('--lambda-t <x>', 'critical-path weight (default 0.005; 0 = MaAS)')
        .option('--public-tests <file>', 'humaneval: public asserts for the Test operator')
        .option('--out <dir>', 'run directory: checkpoint/, metrics.csv, eval/, summary.json')
        .option('--resume', 'continue exactly where the checkpoint in --out stopped')
        .option('--overwrite', 'when --out holds an earlier run, delete its files first (without it or --resume: refused, exit 2)')
        .option('--no-eval', 'skip the final evaluation')
        .option('--json', 'print exactly one JSON object on stdout'),
    ),
  )
    .example('lamas train --task gsm8k --lambda-t 0.005 --out checkpoints/gsm8k --json')
    .action(async (flags: Record<string, unknown>) => {
      const command = await import('./commands/train.ts');
      const options = parseOptions(command.trainOptionsSchema, flags);
      const result = await command.train(options);
      if (options.json) emit(command.trainJson(result), true, String);
      else emit(result, false, command.renderTrainResult);
      // Ctrl-C: the checkpoint holds every finished batch (or the final evaluation is partial); exit 130.
      if (result.interrupted) throw result.interrupted;
      return 0;
    });

const evaluate: Register = (cli) =>
  backendFlags(
    cli
      .command('eval', 'Evaluate a trained controller on a split')
      .option('--checkpoint <dir>', 'checkpoint or training run directory')
      .option('--task <task>', 'defaults to the checkpoint task')
      .option('--data <file>', 'task file; default: the self-made --split')
      .option('--split <split>', 'self-made split (default test)')
      .option('--limit <n>', 'first N problems only')
      .option('--public-tests <file>', 'humaneval: public asserts for the Test operator')
      .option('--greedy', 'highest-probability operators instead of sampling')
      .option('--queries-in-flight <n>', 'queries run at once (default 4)')
      .option('--out <dir>', 'write summary.json, results.jsonl, trace.jsonl here')
      .option('--overwrite', 'when --out holds an earlier run, delete its files first (without it: refused, exit 2)')
      .option('--json', 'print exactly one JSON summary on stdout'),
  )
    .example('lamas eval --checkpoint checkpoints/gsm8k --data ../shared/data/maas_splits/gsm8k_test.jsonl --greedy --json')
    .action(async (flags: Record<string, unknown>) => {
      const command = await import('./commands/eval.ts');
      const options = parseOptions(command.evalOptionsSchema, flags);
      const result = await command.evaluate(options);
      emit(result.summary, options.json, command.renderEvaluation);
      if (result.interrupted) throw result.interrupted;
      if (result.incompleteTrace) throw result.incompleteTrace;
      return 0;
    });

const topology: Register = (cli) =>
  cli
    .command('topology', 'The topology a trained controller picks for one query, with per-layer probabilities')
    .option('--checkpoint <dir>', 'checkpoint or training run directory')
    .option('--query <text>', 'the query')
    .option('--mermaid', 'print a Mermaid flowchart')
    .option('--sample <seed>', 'sample with this seed instead of the greedy choice')
    .option('--json', 'print exactly one JSON object on stdout')
    .example('lamas topology --checkpoint checkpoints/gsm8k --query "Tom has 3 apples..." --mermaid')
    .action(async (flags: Record<string, unknown>) => {
      const command = await import('./commands/topology.ts');
      const options = parseOptions(command.topologyOptionsSchema, flags);
      const answer = await command.topology(options);
      emit(answer, options.json, (value) => command.renderTopology(value, options.mermaid));
      return 0;
    });

const sweep: Register = (cli) =>
  trainerFlags(
    backendFlags(
      cli
        .command('sweep', 'Train and evaluate one controller per lambda_t plus the baselines: sweep.csv and pareto.svg')
        .option('--task <task>', 'gsm8k | math | humaneval')
        .option('--lambda-t <list>', 'comma-separated (default 0,0.001,0.005,0.02)')
        .option('--baselines <list>', 'named topologies run once (default generate,cot,cot-sc)')
        .option('--seeds <list>', 'run every λt and baseline once per seed, e.g. 0,1,2: mean and min-max per point (replaces --seed)')
        .option('--png', 'also write pareto.png (2x) beside pareto.svg')
        .option('--out <dir>', 'where sweep.csv, pareto.svg and the runs go')
        .option('--overwrite', 'when --out holds an earlier run, delete its files first (without it: refused, exit 2)')
        .option('--json', 'print exactly one JSON object on stdout'),
    ),
  )
    .example('lamas sweep --task gsm8k --lambda-t 0,0.001,0.005,0.02 --out runs/sweep-gsm8k')
    .action(async (flags: Record<string, unknown>) => {
      const command = await import('./commands/sweep.ts');
      const options = parseOptions(command.sweepOptionsSchema, flags);
      emit(await command.sweep(options), options.json, command.renderSweep);
      return 0;
    });

const serve: Register = (cli) =>
  backendFlags(
    cli
      .command('serve', 'Serve a trained controller over HTTP: topology, solve, and an OpenAI-compatible chat API')
      .option('--checkpoint <dir>', 'checkpoint or training run directory')
      .option('--host <host>', 'interface to bind (default 127.0.0.1; anything else needs --token)')
      .option('--port <n>', 'port (default 8080; 0 picks a free one)')
      .option('--token <secret>', 'require Authorization: Bearer <secret> (default $LAMAS_SERVE_TOKEN)')
      .option('--max-concurrent <n>', 'queries (solve, chat) run at once; more get 429 (default 16; split between workers)')
      .option('--body-limit <bytes>', 'largest request body; more gets 413 (default 262144)')
      .option('--max-query-chars <n>', 'longest query (solve, topology, last chat user message); more gets 400 (default 32768)')
      .option('--trace <file>', 'append every LLM call and operator run as JSONL')
      .option('--workers <n>', 'processes sharing the port, e.g. one per core; limits are split between them (default 1)')
      .option('--drain-timeout <seconds>', 'on SIGTERM/SIGINT, how long in-flight requests may finish before they are cancelled (default 30)')
      .option('--json', 'on shutdown, print exactly one JSON summary on stdout'),
  )
    .example('lamas serve --checkpoint runs/demo/lambda-0.005 --port 8080')
    .example('lamas serve --checkpoint runs/demo/lambda-0.005 --workers 2')
    .action(async (flags: Record<string, unknown>) => {
      const command = await import('./commands/serve.ts');
      const options = parseOptions(command.serveOptionsSchema, flags);
      const summary = await command.serve(options);
      // A worker process returns null: its primary prints the summary for all of them.
      if (summary) emit(summary, options.json, command.renderServeSummary);
      if (summary && options.trace && summary.traceErrors > 0) {
        const { IncompleteTraceError } = await import('../llm/trace-writer.ts');
        throw new IncompleteTraceError(options.trace, summary.traceErrors, undefined, 'every answer was served, the trace is incomplete (the warning above names the error)');
      }
      return 0;
    });

export const commands: Register[] = [run, train, evaluate, sweep, topology, demo, grade, data, replay, simServer, serve];
