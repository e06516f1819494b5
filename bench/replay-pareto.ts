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
import { summaryFiguresSchema, summarySweepRow } from '../eval/sweep/summary-sweep-row.ts';
import { writeFileAtomic } from '../src/util/atomic-write.ts';
import { trainConfigSchema } from '../train/train-config.ts';

const { values, positionals } = parseArgs({ options: { out: { type: 'string' }, task: { type: 'string' }, title: { type: 'string', default: 'Accuracy vs critical path (replayed real outputs, modeled latency)' } }, allowPositionals: true });
if (!values.out || !values.task || positionals.length === 0) throw new Error('usage: npx tsx bench/replay-pareto.ts --out FILE.svg --task TASK [--title T] NAME=SUMMARY.json...');

const { lambdaC } = trainConfigSchema.parse({});
const rows: SweepRow[] = positionals.map((arg) => {
  const at = arg.lastIndexOf('=');
  if (at <= 0) throw new Error(`${arg}: expected NAME=SUMMARY.json`);
  const name = arg.slice(0, at);
  const file = arg.slice(at + 1);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot read a JSON summary: ${(error as Error).message}`);
  }
  const parsed = summaryFiguresSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${file}: not a run or eval summary: ${z.prettifyError(parsed.error)}`);
  const lambda = /λt\s*=\s*([\d.]+)/.exec(name)?.[1];
  // The row a sweep would have written for it (eval/sweep/summary-sweep-row.ts); the checkpoint is not known from a summary.
  return lambda === undefined
    ? summarySweepRow(name, 'baseline', parsed.data, { lambdaT: null, lambdaC: null, checkpoint: null })
    : summarySweepRow(name, 'controller', parsed.data, { lambdaT: Number(lambda), lambdaC, checkpoint: null });
});
await writeFileAtomic(values.out, await renderParetoSvg(rows, { title: values.title!, task: values.task }));
console.log(`${values.out}: ${rows.length} runs, ${new Set(rows.map((row) => row.name)).size} points`);
