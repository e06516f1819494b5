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

const data: Register = (cli) =>
  cli
    .command('data <action> [target]', 'fetch NAME --dest DIR: download a benchmark (sha256-pinned) · verify DIR: check files')
    .option('--dest <dir>', 'fetch: where to write the files')
    .option('--mirror <url>', 'fetch: base URL (http(s):// or file://) serving the same relative paths')
    .option('--json', 'print exactly one JSON object on stdout')
    .example('lamas data fetch gsm8k --dest ./benchmarks')
    .example('lamas data verify ./benchmarks')
    .action(async (action: string, target: string | undefined, flags: Record<string, unknown>) => {
      const command = await import('./commands/data.ts');
      if (action === 'fetch') {
        const options = parseOptions(command.dataFetchOptionsSchema, { ...flags, name: target });
        emit(await command.dataFetch(options), options.json, command.renderFetchResult);
        return 0;
      }
      if (action === 'verify') {
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

export const commands: Register[] = [grade, data, simServer];
