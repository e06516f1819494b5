import type { RunSummary } from '../../graph/summarize-results.ts';

export interface NamedSummary {
  name: string;
  summary: RunSummary;
}

/** A fixed-width table of summaries, one row each; says "simulated" whenever the sim answered. */
export function renderSummaryTable(rows: readonly NamedSummary[]): string {
  const header = ['', 'n', 'accuracy', 'cost $', 'CP tokens', 'CP wall s', 'wall s', 'calls', 'failures'];
  const body = rows.map(({ name, summary }) => [
    name,
    String(summary.n),
    `${(summary.accuracy * 100).toFixed(2)}%`,
    summary.costUsd.toFixed(5),
    summary.cpTokens.mean.toFixed(1),
    (summary.cpWallMs.mean / 1000).toFixed(2),
    (summary.wallMs.mean / 1000).toFixed(2),
    String(summary.llmCalls),
    String(summary.failures),
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const first = rows[0]?.summary;
  const note = first
    ? `${first.task} · ${first.backend} · ${first.scheduler} scheduler · seed ${first.seed}${rows.some((row) => row.summary.simulated) ? ' · SIMULATED backend: not a model accuracy' : ''}`
    : '';
  return [note, line(header), ...body.map(line)].join('\n');
}
