import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../util/errors.ts';
import { faithfulCotStyle, loadFaithfulCot } from './loaders/faithful-cot.ts';
import { loadMapCoder, loadSolutionFile } from './loaders/humaneval-sources.ts';
import { loadRe2 } from './loaders/re2.ts';

const fixtures = join(import.meta.dirname, '../../test/fixtures/replay/dir');
const at = (file: string) => [join(fixtures, file), file] as const;
const fcot = 'veronica320__Faithful-COT/output_dir/GSM8K/test/gpt4_';
const re2Twice = 'Tebmer__Rereading-LLM-Reasoning/results/gsm_gpt-4o-mini-2024-07-18_topp1.0_temp0.0_majority1_readtimes2_20240926_222057.jsonl';
const scratch = mkdtempSync(join(tmpdir(), 'lamas-replay-loaders-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('replay loaders over self-made files in each source format', () => {
  it('Faithful-COT: keys by official index, programs marked as programs, the source answer kept aside', async () => {
    const programs = await loadFaithfulCot(...at(`${fcot}noNL/predictions.jsonl`));
    expect(programs.outputs.size).toBe(3);
    expect(programs.outputs.get('2')).toMatchObject({ kind: 'program', text: 'pens = 9 * 4\nanswer = pens', sourceAnswer: '35' });
    const prose = await loadFaithfulCot(...at(`${fcot}COT/predictions.jsonl`));
    expect(prose.outputs.get('0')).toMatchObject({ kind: 'prose', sourceAnswer: '17' });
    // An empty `completions` list falls back to `completion`.
    const ltm = await loadFaithfulCot(...at(`${fcot}LtM/predictions.jsonl`));
    expect(ltm.outputs.get('1')?.text).toBe('First sub-question solved. The answer is 48.');
    // A failed call recorded as an exception string is replayed as an empty reply, counted.
    expect(ltm.outputs.get('2')?.text).toBe('');
    expect(ltm.emptyRows).toBe(1);
    expect(faithfulCotStyle(`${fcot}NL+SL/predictions.jsonl`)).toBe('NL+SL');
  });

  it('Re2: one style per call, question text kept, a repeated question keeps its first row and is counted', async () => {
    const vanilla = await loadRe2(...at(re2Twice), 'vanilla');
    expect(vanilla.outputs.size).toBe(3);
    expect(vanilla.duplicateRows).toBe(1);
    expect(vanilla.outputs.get('1')?.text).toContain('\\boxed{48}');
    expect(vanilla.outputs.get('1')?.question).toMatch(/^Tom reads 8 pages/);
    const cot = await loadRe2(...at(re2Twice), 'cot');
    expect(cot.outputs.get('0')?.text).toBe('Read twice, 17. \\(\\boxed{17}\\)');
    // A null generation (a failed API call in the source) is an empty reply, counted.
    expect(cot.emptyRows).toBe(1);
    expect(cot.outputs.get('2')?.text).toBe('');
  });

  it('MapCoder: the last program, API output tokens summed, MaAS-style ids made canonical', async () => {
    const mapCoder = await loadMapCoder(...at('Md-Ashraful-Pramanik__MapCoder/final-results/ChatGPT/HumanEval/ChatGPT-CoT-Python3-0-1.jsonl'));
    expect([...mapCoder.outputs.keys()]).toEqual(['HumanEval/0', 'HumanEval/1']);
    expect(mapCoder.outputs.get('HumanEval/1')).toMatchObject({ kind: 'code', text: 'def neg(x):\n    return x\n', completionTokens: 42, sourceSolved: true });
  });

  it('Reflexion and LDB: the final solution and the source verdict', async () => {
    const simple = await loadSolutionFile(...at('noahshinn__reflexion/programming_runs/root/simple_human_eval_py_logging/humaneval-py..gz_simple_1_gpt-4_pass_at_k_1_py.jsonl'));
    expect(simple.outputs.get('HumanEval/1')).toMatchObject({ text: 'def neg(x):\n    return x\n', sourceSolved: false });
    const seed = await loadSolutionFile(...at('FloridSleeves__LLMDebugger/input_data/humaneval/seed/gpt-3.5-turbo-0613/seed.jsonl'));
    expect(seed.outputs.size).toBe(2);
    expect(seed.outputs.get('HumanEval/0')?.completionTokens).toBeUndefined();
  });

  it('a malformed row names the file and line; a missing file names the file', async () => {
    const bad = join(scratch, 'predictions.jsonl');
    writeFileSync(bad, '{"id": 0, "answer": "1", "completion": "x", "completions": []}\n{"id": "one", "answer": "1", "completion": "x", "completions": []}\n');
    const error = await loadFaithfulCot(bad, 'bad/predictions.jsonl').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(`${bad}:2`);
    expect((error as InputError).message).toContain('id');
    writeFileSync(bad, '{"input": "q", "target": 1, "id": 0, "vanilla": {"generation": ["a"]}, "cot": {"generation": ["b"]}}\nnot json\n');
    await expect(loadRe2(bad, 'bad', 'cot')).rejects.toThrow(`${bad}:2`);
    await expect(loadMapCoder(join(scratch, 'absent.jsonl'), 'absent.jsonl')).rejects.toThrow(/absent\.jsonl: cannot read \(ENOENT\)/);
  });
});
