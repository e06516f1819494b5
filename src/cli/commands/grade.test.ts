import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/capture-cli.ts';
import { hasSharedData, sharedFile } from '../../../test/shared-data.ts';

const dir = mkdtempSync(join(tmpdir(), 'lamas-grade-'));
function write(name: string, rows: unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
  return path;
}

const gsmData = write('gsm.jsonl', [
  { question: 'a', answer: 'x\n#### 18' },
  { question: 'b', answer: 'y\n#### 7' },
  { question: 'c', answer: 'z\n#### 100' },
]);

describe('lamas grade', () => {
  it('grades {id, output} rows by index or id and writes per-row results', async () => {
    const predictions = write('pred.jsonl', [
      { id: 0, output: 'The answer is 18.' },
      { id: 'gsm-1', output: 'I think 8' },
      { id: '2', output: 'no idea' },
    ]);
    const out = join(dir, 'graded.jsonl');
    const run = await runCli(['grade', '--task', 'gsm8k', '--data', gsmData, '--predictions', predictions, '--out', out, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ task: 'gsm8k', n: 3, passed: 1, accuracy: 1 / 3, failed: 1, errors: 0, timeouts: 0, noAnswer: 1, missing: 0, items: 3 });
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(rows.map((row) => [row.id, row.correct, row.status, row.extracted])).toEqual([
      ['gsm-0', true, 'passed', '18'],
      ['gsm-1', false, 'failed', '8'],
      ['gsm-2', false, 'no_answer', null],
    ]);
  });

  it('rejects an unknown id with file, line and field, exit 2, and writes nothing', async () => {
    const predictions = write('bad-pred.jsonl', [{ id: 0, output: '18' }, { id: 'nope', output: '1' }]);
    const out = join(dir, 'never.jsonl');
    const run = await runCli(['grade', '--task', 'gsm8k', '--data', gsmData, '--predictions', predictions, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${predictions}:2 field "id"`);
    expect(existsSync(out)).toBe(false);
  });

  // Issue 17.5: empty inputs, duplicate ids and items without a prediction no longer pass as a result.
  it('an empty predictions or data file is exit 2 naming the file', async () => {
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '\n');
    const predictions = write('one.jsonl', [{ id: 0, output: '18' }]);
    const noPredictions = await runCli(['grade', '--task', 'gsm8k', '--data', gsmData, '--predictions', empty, '--json']);
    expect(noPredictions.code, noPredictions.stderr).toBe(2);
    expect(noPredictions.stdout).toBe('');
    expect(noPredictions.stderr).toMatch(new RegExp(`^lamas: ${escape(empty)}: holds no predictions`, 'm'));
    const noItems = await runCli(['grade', '--task', 'gsm8k', '--data', empty, '--predictions', predictions, '--json']);
    expect(noItems.code, noItems.stderr).toBe(2);
    expect(noItems.stderr).toMatch(new RegExp(`^lamas: ${escape(empty)}: holds no items`, 'm'));
  });

  it('a second prediction for an item (by id or by line index) is exit 2 naming the file, line and id', async () => {
    const predictions = write('dup.jsonl', [{ id: 0, output: '18' }, { id: 1, output: '7' }, { id: 'gsm-0', output: '17' }]);
    const out = join(dir, 'dup-graded.jsonl');
    const run = await runCli(['grade', '--task', 'gsm8k', '--data', gsmData, '--predictions', predictions, '--out', out, '--json']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${predictions}:3 field "id": "gsm-0" is a second prediction for item gsm-0 (the first is on line 1)`);
    expect(existsSync(out)).toBe(false);
  });

  it('counts the items without a prediction as missing (not graded, not in n or accuracy) and says so on stderr', async () => {
    const predictions = write('partial.jsonl', [{ id: 2, output: 'It is 100.' }]);
    const run = await runCli(['grade', '--task', 'gsm8k', '--data', gsmData, '--predictions', predictions, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ task: 'gsm8k', n: 1, passed: 1, accuracy: 1, failed: 0, errors: 0, timeouts: 0, noAnswer: 0, missing: 2, items: 3 });
    expect(run.stderr).toContain(`2 of 3 items in ${gsmData} have no prediction`);
    expect(run.stderr).toContain('accuracy is over the 1 graded');
    const human = await runCli(['grade', '--task', 'gsm8k', '--data', gsmData, '--predictions', predictions]);
    expect(human.stdout).toContain('1/1 graded predictions correct (100.00%)');
    expect(human.stdout).toContain('missing 2 of 3 items');
  });

  it('names the flag on bad usage', async () => {
    const missing = await runCli(['grade', '--task', 'gsm8k', '--predictions', 'x.jsonl']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--data');
    const badTask = await runCli(['grade', '--task', 'chess', '--data', gsmData, '--predictions', gsmData]);
    expect(badTask.code).toBe(2);
    expect(badTask.stderr).toContain('--task');
    expect((await runCli(['frobnicate'])).code).toBe(2);
  });

  describe.skipIf(!hasSharedData)('HumanEval canonical solutions', () => {
    it('passes 164/164 and fails a deliberately wrong completion', async () => {
      const data = sharedFile('humaneval/HumanEval.jsonl');
      const rows = readFileSync(data, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
      const samples = write('samples.jsonl', rows.map((row) => ({ task_id: row.task_id, completion: row.canonical_solution })));
      const run = await runCli(['grade', '--task', 'humaneval', '--data', data, '--predictions', samples, '--json']);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ n: 164, passed: 164, accuracy: 1 });

      const wrong = write('wrong.jsonl', [{ task_id: 'HumanEval/0', completion: '    return not True\n' }]);
      const failed = await runCli(['grade', '--task', 'humaneval', '--data', data, '--predictions', wrong, '--json']);
      expect(JSON.parse(failed.stdout)).toMatchObject({ n: 1, passed: 0, failed: 1 });
      // 165 sandboxed Python runs: over 120 s at load 40 on 2 cores, about 20 s quiet.
    }, 600_000);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
