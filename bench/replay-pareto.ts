/**
 * The Pareto plot (accuracy vs mean CP tokens, marker area = cost per query) of runs made outside
 * a sweep — `lamas run --json` summaries (fixed topologies) and the eval summaries
 * bench/lamas-vs-maas.ts writes (controllers) — drawn by the sweep's own renderer
 * (eval/sweep/render-pareto-svg.ts), so the figure is the one `lamas sweep` draws. A NAME holding
 * `λt=X` is a controller at λt X; the same NAME given for several seeds is one point with min-max bars.
 * Run: npx tsx bench/replay-pareto.ts --out FILE.svg --task gsm8k [--title T] NAME=SUMMARY.json...
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { renderParetoSvg } from '../eval/sweep/render-pareto-svg.ts';
import type { SweepRow } from '../eval/sweep/sweep-row.ts';
import { writeFileAtomic } from '../src/util/atomic-write.ts';
import { trainConfigSchema } from '../train/train-config.ts';

const { values, positionals } = parseArgs({ options: { out: { type: 'string' }, task: { type: 'string' }, title: { type: 'string', default: 'Accuracy vs critical path (replayed real outputs, modeled latency)' } }, allowPositionals: true });
if (!values.out || !values.task || positionals.length === 0) throw new Error('usage: npx tsx bench/replay-pareto.ts --out FILE.svg --task TASK [--title T] NAME=SUMMARY.json...');

// The fields of a run or eval summary the plot reads (src/graph/run-summary.ts writes them).
const summarySchema = z.object({
  n: z.number().int().positive(),
  accuracy: z.number(),
  costUsd: z.number(),
  cpTokens: z.object({ mean: z.number(), p95: z.number() }),
  cpWallMs: z.object({ mean: z.number() }),
  simulated: z.boolean(),
  backend: z.string(),
  seed: z.number().int(),
});
const { lambdaC } = trainConfigSchema.parse({});
const rows: SweepRow[] = positionals.map((arg) => {
  const at = arg.lastIndexOf('=');
  if (at <= 0) throw new Error(`${arg}: expected NAME=SUMMARY.json`);
  const name = arg.slice(0, at);
  const file = arg.slice(at + 1);
  const summary = summarySchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const lambda = /λt\s*=\s*([\d.]+)/.exec(name)?.[1];
  const controller = lambda !== undefined;
  return {
    name,
    kind: controller ? 'controller' : 'baseline',
    lambdaT: controller ? Number(lambda) : null,
    lambdaC: controller ? lambdaC : null,
    accuracy: summary.accuracy,
    cpTokensMean: summary.cpTokens.mean,
    cpTokensP95: summary.cpTokens.p95,
    cpWallMsMean: summary.cpWallMs.mean,
    costUsd: summary.costUsd,
    costPerQueryUsd: summary.costUsd / summary.n,
    n: summary.n,
    simulated: summary.simulated,
    backend: summary.backend,
    seed: summary.seed,
    checkpoint: null,
    rules: null,
    distinctTopologies: null,
    topologyEntropyBits: null,
    mostCommonShare: null,
    mostCommonAccuracy: null,
    mostCommonCpTokensMean: null,
  };
});
await writeFileAtomic(values.out, await renderParetoSvg(rows, { title: values.title!, task: values.task }));
console.log(`${values.out}: ${rows.length} runs, ${new Set(rows.map((row) => row.name)).size} points`);
