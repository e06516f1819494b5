import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { embeddedDataPath } from '../data/index.ts';
import type { BackendOptions } from '../src/backend/backend-options.ts';
import { loadCheckpoint } from '../src/controller/checkpoint.ts';
import { gsm8kTask } from '../src/tasks/gsm8k/index.ts';
import type { Task } from '../src/tasks/task.ts';
import { trainConfigSchema } from './train-config.ts';
import { trainController } from './train-controller.ts';

const bin = fileURLToPath(new URL('../bin/lamas.js', import.meta.url));
const limit = 40;
const args = ['--task', 'gsm8k', '--limit', String(limit), '--epochs', '2', '--checkpoint-every', '2', '--seed', '5', '--no-eval'];
const config = trainConfigSchema.parse({ epochs: 2, checkpointEvery: 2 });
const backend: BackendOptions = { llm: 'sim:gpt-4o-mini', seed: 5, simTime: 'virtual', simScale: 1, concurrency: 8, requestTimeout: 60, cache: true };

async function trainInProcess(out: string, resume: boolean) {
  const file = embeddedDataPath('gsm8k', 'train');
  const problems = (await gsm8kTask.load(file)).slice(0, limit);
  return trainController({ config, task: gsm8kTask as Task, problems, trainData: file, backend, out, resume });
}

function weightsOf(checkpoint: Awaited<ReturnType<typeof loadCheckpoint>>): Float32Array[] {
  return checkpoint.weights.map((weight) => weight.values);
}

describe('resume', () => {
  it('a run killed with SIGKILL at a random moment and resumed ends with the same weights and metrics', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lamas-resume-'));
    const straight = join(root, 'straight');
    const killed = join(root, 'killed');
    await trainInProcess(straight, false);

    // Kill the child some random time after its first checkpoint lands.
    const child = spawn(process.execPath, [bin, 'train', ...args, '--out', killed], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // No deadline of our own (the test's timeout bounds it): a loaded machine only delays the first checkpoint.
    while (!existsSync(join(killed, 'checkpoint', 'controller.json')) && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    expect(child.exitCode, 'the training child exited before its first checkpoint').toBeNull();
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 1500)));
    child.kill('SIGKILL');
    await exited;

    // Whatever moment it died at, the checkpoint on disk is complete and loadable.
    const interrupted = await loadCheckpoint(killed);
    expect(interrupted.training.step).toBeGreaterThan(0);

    const resumed = await trainInProcess(killed, true);
    expect(resumed.steps).toBe(20);
    const a = weightsOf(await loadCheckpoint(straight));
    const b = weightsOf(await loadCheckpoint(killed));
    let maxDiff = 0;
    a.forEach((values, i) => values.forEach((value, j) => (maxDiff = Math.max(maxDiff, Math.abs(value - b[i]![j]!)))));
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
    expect(readFileSync(join(killed, 'metrics.csv'), 'utf8')).toBe(readFileSync(join(straight, 'metrics.csv'), 'utf8'));
    expect((await loadCheckpoint(killed)).training).toMatchObject({ done: true, step: 20 });
  }, 600_000); // two trainings and a killed child: over 160 s at load 33 on 2 cores

  it('refuses to resume with different hyperparameters', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lamas-resume-mismatch-'));
    await trainInProcess(out, false);
    const file = embeddedDataPath('gsm8k', 'train');
    const problems = (await gsm8kTask.load(file)).slice(0, limit);
    await expect(
      trainController({ config: { ...config, lambdaT: 0.02 }, task: gsm8kTask as Task, problems, trainData: file, backend, out, resume: true }),
    ).rejects.toThrow('--resume with a different lambdaT');
  });
});
