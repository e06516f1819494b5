import { z } from 'zod';
import { backendFlags } from '../backend/backend-flags.ts';
import { schedulers } from '../graph/schedulers.ts';
import { defaultMaxQueryChars } from '../serve/request-schemas.ts';
import { serveLimitDefaults } from '../serve/worker-share.ts';
import { taskNames } from '../tasks/registry.ts';
import { aggregators, planningModes, teamModes, teamsDefaults } from '../teams/teams-config.ts';
import { trainConfigSchema } from '../../train/train-config.ts';

/**
 * Every command's options, declared once: each field is a flag (src/cli/flags.ts derives the
 * flag, its help and its printed default from it) and the zod schema that validates it. This
 * module loads only zod and constants, so `lamas <command> --help` and usage errors stay fast;
 * the command modules (src/cli/commands/) add the `--llm` check (withLlmCheck) and do the work.
 */

export { backendFlags, trainConfigSchema };

const tasks = taskNames.join(' | ');
const task = z.string({ error: `is required (${taskNames.slice(0, -1).join(', ')} or ${taskNames.at(-1)})` }).meta({ description: tasks, arg: 'task' });
const out = (description: string) => z.string().optional().meta({ description, arg: 'dir' });
const overwrite = (without = 'without it') => z.boolean().default(false).describe(`when --out holds an earlier run, delete its files first (${without}: refused, exit 2)`);
const json = (what: 'summary' | 'object') => z.boolean().default(false).describe(`print exactly one JSON ${what} on stdout`);
const limit = (description = 'first N problems only') => z.coerce.number().int().positive().optional().meta({ description, arg: 'n' });
const queriesInFlight = (description = 'queries run at once') => z.coerce.number().int().positive().default(4).meta({ description, arg: 'n' });
const publicTests = z.string().optional().meta({ description: 'humaneval: public asserts for the Test operator', arg: 'file' });
const checkpoint = z.string({ error: 'is required (a checkpoint or training run directory)' }).meta({ description: 'checkpoint or training run directory', arg: 'dir' });
const png = z.boolean().default(false).describe('also write pareto.png (2x) beside pareto.svg');
/** `--data`/`--split` and `--test-data`/`--test-split` of the trainers. */
const trainerData = {
  data: z.string().optional().meta({ description: 'training file; default: the self-made --split', arg: 'file' }),
  split: z.string().default('train').meta({ description: 'self-made training split', arg: 'split' }),
  testData: z.string().optional().meta({ description: 'evaluation file; default: the self-made --test-split', arg: 'file' }),
  testSplit: z.string().default('test').meta({ description: 'self-made evaluation split', arg: 'split' }),
};
const greedy = (description: string) => z.boolean().default(false).describe(description);

export const runFlags = backendFlags.extend({
  task,
  data: z.string().optional().meta({ description: 'task file (official or MaAS format); default: the self-made --split', arg: 'file' }),
  split: z.string().optional().meta({ description: 'self-made data split: train | test', arg: 'split', defaultText: 'test' }),
  limit: limit(),
  publicTests,
  topology: z.string().default('cot').meta({ description: 'generate | cot | cot-sc | "Generate > CoT, MultiCoT > ScEnsemble"', arg: 'topology' }),
  scheduler: z.enum(schedulers).default('layer').meta({ description: 'layer (a barrier per layer) | ready | sequential', arg: 's' }),
  final: z.enum(['majority', 'llm']).default('majority').meta({ description: 'majority | llm (an extra ScEnsemble layer)', arg: 'mode' }),
  queriesInFlight: queriesInFlight(),
  strategy: z.enum(['single', 'teams']).default('single').meta({ description: 'single (the topology once) | teams (parallel teams, M1-Parallel)', arg: 's' }),
  // The teams flags have no schema default: a value given without --strategy teams is refused (resolveTeamsConfig fills them).
  teams: z.coerce.number().int().positive().optional().meta({ description: 'teams: teams run at once, each with its own plan', arg: 'n', defaultText: String(teamsDefaults.teams) }),
  mode: z.enum(teamModes).optional().meta({ description: 'teams: early-stop (first success wins, the rest are stopped) | aggregate', arg: 'm', defaultText: teamsDefaults.mode }),
  k: z.coerce.number().int().positive().optional().meta({ description: 'teams, aggregate: successful answers to wait for', arg: 'k', defaultText: '--teams' }),
  aggregator: z.enum(aggregators).optional().meta({ description: 'teams, aggregate: majority | llm | best-of-k (oracle upper bound, evaluation only)', arg: 'a', defaultText: teamsDefaults.aggregator }),
  planning: z.enum(planningModes).optional().meta({ description: 'teams: repeated (one prompt, high temperature) | diverse (sequential, each plan unlike the others) | none (no planner; own sample streams)', arg: 'p', defaultText: teamsDefaults.planning }),
  maxAttempts: z.coerce.number().int().positive().optional().meta({ description: 'teams: attempts per team; a retry is replanned in view of all recorded failures', arg: 'm', defaultText: String(teamsDefaults.maxAttempts) }),
  out: out('write summary.json, results.jsonl, trace.jsonl here'),
  overwrite: overwrite(),
  json: json('summary'),
});

export const trainFlags = backendFlags.merge(trainConfigSchema).extend({
  task,
  data: trainerData.data,
  split: trainerData.split,
  testData: trainerData.testData,
  testSplit: trainerData.testSplit,
  limit: limit('first N training problems only'),
  publicTests,
  out: z.string().optional().meta({ description: 'run directory: checkpoint/, metrics.csv, eval/, summary.json', arg: 'dir', defaultText: 'checkpoints/<task>-lt<λt>[-nocp]-seed<seed>' }),
  resume: z.boolean().default(false).describe('continue exactly where the checkpoint in --out stopped'),
  overwrite: overwrite('without it or --resume'),
  eval: z.boolean().default(true).describe('skip the final evaluation'),
  greedy: greedy('evaluate with the highest-probability operators instead of sampling'),
  queriesInFlight: queriesInFlight('evaluation queries run at once'),
  json: json('object'),
});

/** A redis:// URL; checked when the queue is opened (eval/queue/queue-options.ts), which names the flag. */
const queueUrl = (description: string) => z.string().min(1).optional().meta({ description, arg: 'redis://host:port' });
/** --queue's tries per job. */
const queueAttempts = (what: string) => z.coerce.number().int().positive().default(3).meta({ description: `--queue: tries per job before ${what} fails with its error (a killed worker is not a try)`, arg: 'n' });

export const evalFlags = backendFlags.extend({
  checkpoint,
  task: z.string().optional().meta({ description: tasks, arg: 'task', defaultText: "the checkpoint's task" }),
  data: z.string().optional().meta({ description: 'task file; default: the self-made --split', arg: 'file' }),
  split: z.string().optional().meta({ description: 'self-made split', arg: 'split', defaultText: 'test' }),
  limit: limit(),
  publicTests,
  greedy: greedy('highest-probability operators instead of sampling'),
  queriesInFlight: queriesInFlight(),
  out: out('write summary.json, results.jsonl, trace.jsonl here'),
  overwrite: overwrite(),
  queue: queueUrl('run the evaluation as --shards jobs on this Redis, for `lamas worker`s anywhere (DESIGN §12)'),
  shards: z.coerce.number().int().positive().optional().meta({ description: '--queue: split the test set into this many jobs (at most its size)', arg: 'k', defaultText: '1' }),
  attempts: queueAttempts('the evaluation'),
  json: json('summary'),
});

const numberList = (flag: string) =>
  z.preprocess(
    (value) => String(value).split(',').map((part) => Number(part.trim())),
    z.array(z.number({ error: `${flag} must be numbers separated by commas` }).nonnegative()).min(1),
  );

/** `--seeds 0,1,2`: integers, each once. */
const seedList = z.preprocess(
  (value) => String(value).split(',').map((part) => Number(part.trim())),
  z
    .array(z.number({ error: '--seeds must be integers separated by commas' }).int('--seeds must be integers separated by commas'))
    .min(1)
    .refine((seeds) => new Set(seeds).size === seeds.length, 'each seed may appear once'),
);

export const sweepFlags = backendFlags.merge(trainConfigSchema.omit({ lambdaT: true })).extend({
  task,
  lambdaT: numberList('--lambda-t').default([0, 0.001, 0.005, 0.02]).meta({ description: 'critical-path weights, comma-separated', arg: 'list' }),
  baselines: z.string().default('generate,cot,cot-sc').meta({ description: 'named topologies run once', arg: 'list' }),
  ...trainerData,
  limit: limit('first N training problems only'),
  greedy: greedy('evaluate with the highest-probability operators instead of sampling'),
  queriesInFlight: queriesInFlight('evaluation queries run at once'),
  /** Every point and baseline once per seed; replaces --seed. */
  seeds: seedList.optional().meta({ description: 'run every λt and baseline once per seed, e.g. 0,1,2: mean and min-max per point (replaces --seed)', arg: 'list' }),
  png,
  queue: queueUrl('run every point as a job on this Redis, for `lamas worker`s anywhere (DESIGN §12)'),
  attempts: queueAttempts('its point'),
  out: z.string({ error: 'is required (where sweep.csv and pareto.svg go)' }).meta({ description: 'where sweep.csv, pareto.svg and the runs go', arg: 'dir' }),
  overwrite: overwrite(),
  json: json('object'),
});

export const workerFlags = z.object({
  queue: z.string({ error: 'is required (redis://HOST:PORT of the sweeps and evaluations to work for)' }).min(1).meta({ description: 'the Redis of the queue (redis://host:port[/db])', arg: 'redis://host:port' }),
  concurrency: z.coerce.number().int().positive().default(1).meta({ description: 'jobs run at once by this worker', arg: 'n' }),
  cache: backendFlags.shape.cache.meta({ description: "this machine's response cache: a SQLite file or redis://host:port (the job's own --cache is not used)", arg: '[path|url]', defaultText: 'for openai: .lamas-cache/llm.sqlite; sim: off', negation: 'do not cache responses' }),
  stallSeconds: z.coerce.number().positive().default(30).meta({ description: 'a job whose worker sent no sign of life for this long is handed to another worker', arg: 's' }),
});

/** Where `lamas demo` writes without --out, replacing the previous demo there. */
export const defaultDemoOut = 'runs/demo';

export const demoFlags = backendFlags.extend({
  task: z.string().default('gsm8k').meta({ description: tasks, arg: 'task' }),
  /** Default runs/demo, which each demo replaces; an --out given is refused when it holds a run, unless --overwrite. */
  out: z.string().optional().meta({ description: 'where checkpoints, runs, sweep.csv and pareto.svg go', arg: 'dir', defaultText: `${defaultDemoOut}, replaced by each demo` }),
  overwrite: overwrite(),
  epochs: z.coerce.number().int().positive().default(2).meta({ description: 'training passes', arg: 'k' }),
  png,
  json: json('object'),
});

/** cac turns numeric-looking values into numbers; a token or host is text whatever it looks like. */
const text = z.union([z.string(), z.number()]).transform(String).pipe(z.string().min(1, 'must not be empty'));

/** Environment fallback for serve's token, so it need not appear in the process list. */
export const tokenEnvVar = 'LAMAS_SERVE_TOKEN';

export const serveFlags = backendFlags.extend({
  checkpoint,
  host: text.default('127.0.0.1').meta({ description: 'interface to bind (anything but 127.0.0.1 needs --token)', arg: 'host' }),
  port: z.coerce.number().int().min(0).max(65535).default(8080).meta({ description: 'port (0 picks a free one)', arg: 'n' }),
  token: text.optional().meta({ description: 'require Authorization: Bearer <secret>', arg: 'secret', defaultText: `$${tokenEnvVar}` }),
  // Unset limits take worker-share.ts's defaults, split between workers (at least 1 each).
  maxConcurrent: z.coerce.number().int().positive().optional().meta({ description: 'queries (solve, chat) run at once; more get 429', arg: 'n', defaultText: `${serveLimitDefaults.maxConcurrent}; split between workers` }),
  concurrency: z.coerce.number().int().positive().optional().meta({ description: 'LLM calls in flight per backend', arg: 'n', defaultText: `${serveLimitDefaults.concurrency}; split between workers` }),
  bodyLimit: z.coerce.number().int().positive().default(256 * 1024).meta({ description: 'largest request body; more gets 413', arg: 'bytes' }),
  maxQueryChars: z.coerce.number().int().positive().default(defaultMaxQueryChars).meta({ description: 'longest query (solve, topology, last chat user message); more gets 400', arg: 'n' }),
  trace: z.string().optional().meta({ description: 'append every LLM call and operator run as JSONL', arg: 'file' }),
  json: z.boolean().default(false).describe('on shutdown, print exactly one JSON summary on stdout'),
  /** Processes sharing the port (node:cluster); limits are split between them (worker-share.ts). */
  workers: z.coerce.number().int().min(1).max(64).default(1).meta({ description: 'processes sharing the port, e.g. one per core; limits are split between them', arg: 'n' }),
  /** Seconds a shutdown waits for in-flight requests before cancelling them and closing every connection. */
  drainTimeout: z.coerce.number().positive().max(86_400).default(30).meta({ description: 'on SIGTERM/SIGINT, how long in-flight requests may finish before they are cancelled', arg: 'seconds' }),
});

export const gradeOptionsSchema = z.object({
  task: z.string({ error: 'is required' }).meta({ description: tasks, arg: 'task' }),
  data: z.string({ error: 'is required (the benchmark file)' }).meta({ description: 'benchmark JSONL (official or MaAS split format)', arg: 'file' }),
  predictions: z.string({ error: 'is required (the predictions JSONL)' }).meta({ description: 'humaneval: samples.jsonl {task_id, completion}; gsm8k/math: {id, output}', arg: 'file' }),
  out: z.string().optional().meta({ description: 'write one JSONL row per graded item {id, correct, status, extracted}', arg: 'file' }),
  concurrency: z.coerce.number().int().positive().optional().meta({ description: 'sandboxed runs at once', arg: 'n', defaultText: 'CPU count' }),
  timeout: z.coerce.number().positive().default(10).meta({ description: 'CPU seconds of one sandboxed run (wall limit 12x, for code that sleeps)', arg: 'seconds' }),
  json: json('summary'),
});

export const topologyOptionsSchema = z.object({
  checkpoint: z.string({ error: 'is required' }).meta({ description: 'checkpoint or training run directory', arg: 'dir' }),
  query: z.string({ error: 'is required (the query text)' }).min(1).meta({ description: 'the query', arg: 'text' }),
  mermaid: z.boolean().default(false).describe('print a Mermaid flowchart'),
  /** Sample with this seed instead of the greedy choice. */
  sample: z.coerce.number().int().optional().meta({ description: 'sample with this seed instead of the greedy choice', arg: 'seed' }),
  json: json('object'),
});

export const simServerOptionsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(8787).meta({ description: 'port (0 picks a free one)', arg: 'n' }),
  host: z.string().default('127.0.0.1').meta({ description: 'interface to bind', arg: 'host' }),
  profile: z.string().default('gpt-4o-mini').meta({ description: 'sim profile, or a profile .json', arg: 'name' }),
  seed: z.coerce.number().int().default(0).meta({ description: 'simulation seed', arg: 'n' }),
  simTime: z.enum(['virtual', 'real']).default('real').meta({ description: 'real (responses take the simulated latency) | virtual (immediate)', arg: 'mode' }),
  simScale: z.coerce.number().positive().default(1).meta({ description: 'multiply simulated latencies in real time', arg: 'f' }),
});

/** `lamas data fetch NAME`: NAME is the positional argument, not a flag. */
export const dataFetchOptionsSchema = z.object({
  name: z.string({ error: 'missing dataset name (lamas data fetch NAME --dest DIR)' }).min(1, 'missing dataset name'),
  dest: z.string({ error: 'is required (the directory to write the files to)' }).min(1, 'must not be empty').meta({ description: 'fetch: where to write the files', arg: 'dir' }),
  mirror: z.string().min(1, 'must not be empty').optional().meta({ description: 'fetch: base URL (http(s):// or file://) serving the same relative paths', arg: 'url' }),
  json: json('object'),
});

/** `lamas data verify DIR`: DIR is the positional argument. */
export const dataVerifyOptionsSchema = z.object({
  dir: z.string({ error: 'missing directory (lamas data verify DIR)' }).min(1, 'missing directory'),
  json: json('object'),
});

export const replayDescribeOptionsSchema = z.object({
  model: z.string({ error: 'missing the model: lamas replay describe MODEL' }).min(1),
  replayDir: backendFlags.shape.replayDir,
  json: json('object'),
});
