/**
 * CPU time of starting the CLI (issue 17.9; goal: `--help` and usage errors under 0.3 s of CPU):
 * the compiled build in dist/ against the TypeScript sources through tsx, bare node as the floor.
 * CPU (user + sys, from /usr/bin/time), not wall time: the machine is shared. Median of 5.
 * Run: npm run build && npx tsx bench/cli-startup.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { machineLine } from './machine.ts';

const bin = fileURLToPath(new URL('../bin/lamas.js', import.meta.url));
if (!existsSync(fileURLToPath(new URL('../dist/build-stamp.json', import.meta.url)))) throw new Error('no dist/: run `npm run build` first');

function cpuSeconds(args: string[], env: Record<string, string> = {}): number {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const run = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', process.execPath, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
    const match = /cpu ([\d.]+) ([\d.]+)/.exec(run.stderr);
    if (!match) throw new Error(`no timing from /usr/bin/time: ${run.stderr}`);
    samples.push(Number(match[1]) + Number(match[2]));
  }
  return samples.sort((a, b) => a - b)[2]!;
}

console.log(`machine: ${machineLine()}`);
const floor = cpuSeconds(['-e', '0']);
console.log(`bare node: ${floor.toFixed(2)} s CPU`);
for (const [name, args] of [
  ['--help', ['--help']],
  ['usage error (run --bogus)', ['run', '--bogus']],
  ['run --help', ['run', '--help']],
] as const) {
  const compiled = cpuSeconds([bin, ...args], { LAMAS_TSX: '0' });
  const tsx = cpuSeconds([bin, ...args], { LAMAS_TSX: '1' });
  console.log(`${name}: compiled ${compiled.toFixed(2)} s CPU, tsx ${tsx.toFixed(2)} s CPU (${(tsx / compiled).toFixed(1)}x)${compiled < 0.3 ? '' : '  <- over the 0.3 s goal'}`);
}
