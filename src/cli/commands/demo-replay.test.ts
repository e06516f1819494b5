import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/capture-cli.ts';
import { trainConfigSchema } from '../../../train/train-config.ts';
import { backendFlags } from '../../backend/backend-flags.ts';
import { UsageError } from '../../util/errors.ts';
import { planDemoReplay, renderDemoReplay, runDemoReplay } from './demo-replay.ts';
import { renderSweep } from './sweep.ts';

const fixtureDir = resolve(import.meta.dirname, '../../../test/fixtures/replay/dir');
const root = mkdtempSync(join(tmpdir(), 'lamas-demo-replay-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs `body` with the working directory at an empty folder: no .lamas-data/replay, no ../shared/replay. */
function inEmptyDir<T>(body: () => T): T {
  const empty = mkdtempSync(join(root, 'cwd-'));
  const before = process.cwd();
  process.chdir(empty);
  try {
    return body();
  } finally {
    process.chdir(before);
  }
}

describe("the demo's replay section", { timeout: 240_000 }, () => {
  it('is skipped with a one-line note on how to get recordings when none is found', () => {
    const plan = inEmptyDir(() => planDemoReplay({ llm: 'sim:gpt-4o-mini', task: 'gsm8k' }, {}));
    expect(plan.ran).toBe(false);
    const line = renderDemoReplay(plan as { ran: false; reason: string }, renderSweep);
    expect(line).toMatch(/^replay: no recordings found .*"lamas data fetch replay --dest \.lamas-data"/);
    expect(line.split('\n')).toHaveLength(1);
  });

  it('is skipped beside a demo on another backend or task, and says why', () => {
    expect(planDemoReplay({ llm: 'sim:gpt-4o-mini', task: 'math', replayDir: fixtureDir }, {})).toMatchObject({ ran: false, reason: expect.stringContaining('sim:gpt-4o-mini on math') });
    expect(planDemoReplay({ llm: 'openai:gpt-4o-mini', task: 'gsm8k', replayDir: fixtureDir }, {})).toMatchObject({ ran: false });
  });

  it('finds the folder from --replay-dir or $LAMAS_REPLAY_DIR, and refuses one that is not a folder', () => {
    expect(planDemoReplay({ llm: 'sim:gpt-4o-mini', task: 'gsm8k', replayDir: fixtureDir }, {})).toEqual({ ran: true, dir: fixtureDir });
    expect(inEmptyDir(() => planDemoReplay({ llm: 'sim:gpt-4o-mini', task: 'gsm8k' }, { LAMAS_REPLAY_DIR: fixtureDir }))).toEqual({ ran: true, dir: fixtureDir });
    expect(() => planDemoReplay({ llm: 'sim:gpt-4o-mini', task: 'gsm8k', replayDir: join(root, 'missing') }, {})).toThrow(UsageError);
  });

  it('lamas demo refuses a missing --replay-dir with exit 2 before the sim demo runs', async () => {
    const out = join(root, 'refused');
    const result = await runCli(['demo', '--replay-dir', join(root, 'missing'), '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--replay-dir: .*missing is not a directory of replay recordings/);
    expect(existsSync(out)).toBe(false);
  });

  it('runs the sweep on the fixture recordings: replayed, not simulated, labelled', async () => {
    const out = join(root, 'replay');
    const backend = backendFlags.parse({});
    const section = await runDemoReplay({ dir: fixtureDir, out, backend, config: trainConfigSchema.parse({ epochs: 1, batchSize: 3 }) });
    // Three recorded questions, fewer than the train and test sizes: both use all three.
    expect(section).toMatchObject({ ran: true, model: 'gpt-4o-mini', trainQuestions: 3, testQuestions: 3, sharedQuestions: true });
    // The questions and reference answers come from the recording itself, in recorded-index order.
    const questions = readFileSync(join(out, 'questions', 'test.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { question: string; answer: string });
    expect(questions.map((q) => q.answer)).toEqual(['#### 17', '#### 48', '#### 36']);
    const rows = section.sweep.rows;
    expect(rows.map((row) => row.name)).toEqual(['lamas λt=0', 'lamas λt=0.005', 'generate', 'cot', 'cot-sc']);
    for (const row of rows) expect(row).toMatchObject({ simulated: false, backend: 'replay:gpt-4o-mini', n: 3 });
    // Question 1's recorded direct answer is wrong (replay-run.test.ts).
    expect(rows.find((row) => row.name === 'generate')!.accuracy).toBeCloseTo(2 / 3, 9);
    expect(existsSync(section.sweep.svg)).toBe(true);
    const text = renderDemoReplay(section, renderSweep);
    expect(text).toContain('REPLAYED REAL OUTPUTS');
    expect(text).toContain('3 recorded questions, used for both training and evaluation');
    expect(text).not.toContain('SIMULATED');
  });
});
