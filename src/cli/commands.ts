import type { CAC, Command } from 'cac';
import { UsageError } from '../util/errors.ts';
import type { FlagSource } from './flags.ts';
import { emit } from './output.ts';
import { parseOptions } from './parse-options.ts';

/**
 * The command table: names, descriptions, examples and actions. A command's flags are generated
 * from its options schema (command-options.ts, via flags.ts), loaded only when the command is
 * named; each command module is imported only when its action runs, so `lamas --help` stays
 * fast. An action returns the process exit code.
 */
type CommandOptions = typeof import('./command-options.ts');
export interface CommandEntry {
  name: string;
  /** The command without its flags. */
  define: (cli: CAC) => Command;
  /** Where its flags come from. */
  flags: (options: CommandOptions) => FlagSource;
}

const grade: CommandEntry = {
  name: 'grade',
  flags: (o) => ({ schema: o.gradeOptionsSchema }),
  define: (cli) =>
    cli
      .command('grade', 'Grade model outputs against a benchmark file')
      .example('lamas grade --task humaneval --data HumanEval.jsonl --predictions samples.jsonl --json')
      .action(async (flags: Record<string, unknown>) => {
        const command = await import('./commands/grade.ts');
        const options = parseOptions(command.gradeOptionsSchema, flags);
        emit(await command.grade(options), options.json, command.renderGradeSummary);
        return 0;
      }),
};

/** `lamas data fetch` names, kept here so `--help` needs no import (a test checks them against DATASET_MANIFEST). */
export const datasetNames = ['gsm8k', 'humaneval', 'math500', 'prm800k-math-splits', 'maas-splits', 'math', 'replay'];

const data: CommandEntry = {
  name: 'data',
  flags: (o) => ({ schema: o.dataFetchOptionsSchema, positional: ['name'] }),
  define: (cli) =>
    cli
      .command('data <action> [target]', 'fetch NAME --dest DIR: download a benchmark (sha256-pinned) · verify DIR: check files')
      .usage(`data fetch NAME --dest DIR [--mirror URL]\n  $ lamas data verify DIR\n\n  NAME: ${datasetNames.join(', ')}`)
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
      }),
};

const replay: CommandEntry = {
  name: 'replay',
  flags: (o) => ({ schema: o.replayDescribeOptionsSchema, positional: ['model'] }),
  define: (cli) =>
    cli
      .command('replay <action> [model]', 'describe MODEL: what a replay:<model> backend covers (roles, styles, samples, recorded accuracy)')
      .example('lamas replay describe gpt-4o-mini')
      .action(async (action: string, model: string | undefined, flags: Record<string, unknown>) => {
        if (action !== 'describe') throw new UsageError(`unknown action "${action}" (expected describe)`, 'replay');
        const command = await import('./commands/replay.ts');
        const options = parseOptions(command.replayDescribeOptionsSchema, { ...flags, model });
        emit(await command.replayDescribe(options), options.json, command.renderReplayDescription);
        return 0;
      }),
};

const simServer: CommandEntry = {
  name: 'sim-server',
  flags: (o) => ({ schema: o.simServerOptionsSchema }),
  define: (cli) =>
    cli
      .command('sim-server', 'Serve the simulated backend as an OpenAI-compatible HTTP API')
      .example('lamas sim-server --port 8787 --sim-scale 0.1')
      .action(async (flags: Record<string, unknown>) => {
        const command = await import('./commands/sim-server.ts');
        await command.simServer(parseOptions(command.simServerOptionsSchema, flags));
        return 0;
      }),
};

const run: CommandEntry = {
  name: 'run',
  flags: (o) => ({ schema: o.runFlags, listedLast: [o.backendFlags] }),
  define: (cli) =>
    cli
      .command('run', 'Run a fixed topology over a task and report accuracy, cost and critical paths')
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
      }),
};

const demo: CommandEntry = {
  name: 'demo',
  flags: (o) => ({ schema: o.demoFlags, listedLast: [o.backendFlags] }),
  define: (cli) =>
    cli
      .command('demo', 'The main job on the embedded default: train controllers on self-made data (sim backend), evaluate beside the baselines, plot; then the same on replayed real outputs (gpt-4o-mini) when replay recordings are found')
      .action(async (flags: Record<string, unknown>) => {
        const command = await import('./commands/demo.ts');
        const options = parseOptions(command.demoOptionsSchema, flags);
        emit(await command.demo(options), options.json, command.renderDemo);
        return 0;
      }),
};

const train: CommandEntry = {
  name: 'train',
  flags: (o) => ({ schema: o.trainFlags, listedLast: [o.trainConfigSchema, o.backendFlags] }),
  define: (cli) =>
    cli
      .command('train', 'Train a latency-aware controller, then evaluate it on the test split')
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
      }),
};

const evaluate: CommandEntry = {
  name: 'eval',
  flags: (o) => ({ schema: o.evalFlags, listedLast: [o.backendFlags] }),
  define: (cli) =>
    cli
      .command('eval', 'Evaluate a trained controller on a split')
      .example('lamas eval --checkpoint checkpoints/gsm8k --data ../shared/data/maas_splits/gsm8k_test.jsonl --greedy --json')
      .action(async (flags: Record<string, unknown>) => {
        const command = await import('./commands/eval.ts');
        const options = parseOptions(command.evalOptionsSchema, flags);
        const result = await command.evaluate(options);
        emit(result.summary, options.json, command.renderEvaluation);
        if (result.interrupted) throw result.interrupted;
        if (result.incompleteTrace) throw result.incompleteTrace;
        return 0;
      }),
};

const topology: CommandEntry = {
  name: 'topology',
  flags: (o) => ({ schema: o.topologyOptionsSchema }),
  define: (cli) =>
    cli
      .command('topology', 'The topology a trained controller picks for one query, with per-layer probabilities')
      .example('lamas topology --checkpoint checkpoints/gsm8k --query "Tom has 3 apples..." --mermaid')
      .action(async (flags: Record<string, unknown>) => {
        const command = await import('./commands/topology.ts');
        const options = parseOptions(command.topologyOptionsSchema, flags);
        const answer = await command.topology(options);
        emit(answer, options.json, (value) => command.renderTopology(value, options.mermaid));
        return 0;
      }),
};

const sweep: CommandEntry = {
  name: 'sweep',
  flags: (o) => ({ schema: o.sweepFlags, listedLast: [o.trainConfigSchema, o.backendFlags] }),
  define: (cli) =>
    cli
      .command('sweep', 'Train and evaluate one controller per lambda_t plus the baselines: sweep.csv and pareto.svg')
      .example('lamas sweep --task gsm8k --lambda-t 0,0.001,0.005,0.02 --out runs/sweep-gsm8k')
      .action(async (flags: Record<string, unknown>) => {
        const command = await import('./commands/sweep.ts');
        const options = parseOptions(command.sweepOptionsSchema, flags);
        emit(await command.sweep(options), options.json, command.renderSweep);
        return 0;
      }),
};

const worker: CommandEntry = {
  name: 'worker',
  flags: (o) => ({ schema: o.workerFlags }),
  define: (cli) =>
    cli
      .command('worker', 'Run queued jobs (lamas sweep --queue, lamas eval --queue --shards) from a Redis, until stopped (Ctrl-C / SIGTERM)')
      .example('lamas worker --queue redis://10.0.0.5:6379 --concurrency 2')
      .action(async (flags: Record<string, unknown>) => {
        const command = await import('./commands/worker.ts');
        const options = parseOptions(command.workerOptionsSchema, flags);
        await command.worker(options);
        return 0;
      }),
};

const serve: CommandEntry = {
  name: 'serve',
  flags: (o) => ({ schema: o.serveFlags, listedLast: [o.backendFlags] }),
  define: (cli) =>
    cli
      .command('serve', 'Serve a trained controller over HTTP: topology, solve, and an OpenAI-compatible chat API')
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
      }),
};

export const commands: CommandEntry[] = [run, train, evaluate, sweep, worker, topology, demo, grade, data, replay, simServer, serve];
