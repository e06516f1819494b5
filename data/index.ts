import { sourcePath } from '../src/util/source-path.ts';

/**
 * The small, self-made datasets shipped in `data/` so a fresh clone can train and evaluate
 * with no network. They are original (generated or hand-written), not copies of the public
 * benchmarks, which `lamas data fetch` downloads instead.
 */
export type EmbeddedTask = 'gsm8k' | 'math' | 'humaneval';
export type EmbeddedSplit = 'train' | 'test';

export const embeddedTasks: readonly EmbeddedTask[] = ['gsm8k', 'math', 'humaneval'];
export const embeddedSplits: readonly EmbeddedSplit[] = ['train', 'test'];

/**
 * Files relative to `data/`. HumanEval-mini has only 30 problems, too few to split usefully,
 * so both splits are the same file: treat it as a smoke test, not a held-out evaluation.
 */
export const embeddedDataFiles: Readonly<Record<EmbeddedTask, Readonly<Record<EmbeddedSplit, string>>>> = {
  gsm8k: { train: 'gsm8k-mini/train.jsonl', test: 'gsm8k-mini/test.jsonl' },
  math: { train: 'math-mini/train.jsonl', test: 'math-mini/test.jsonl' },
  humaneval: { train: 'humaneval-mini.jsonl', test: 'humaneval-mini.jsonl' },
};

/** Public asserts per HumanEval-mini problem, in the MaAS `humaneval_public_test.jsonl` format. */
export const embeddedHumanEvalPublicTestsFile = 'humaneval-mini-public-tests.jsonl';

function resolveInData(relative: string): string {
  return sourcePath(relative, import.meta.url);
}

/** Absolute path of a shipped split, independent of the current working directory. */
export function embeddedDataPath(task: EmbeddedTask, split: EmbeddedSplit): string {
  return resolveInData(embeddedDataFiles[task][split]);
}

export function embeddedHumanEvalPublicTestsPath(): string {
  return resolveInData(embeddedHumanEvalPublicTestsFile);
}

const embeddedPublicTestsFiles: Readonly<Partial<Record<EmbeddedTask, string>>> = { humaneval: embeddedHumanEvalPublicTestsFile };

/** The public tests shipped beside a task's self-made data (HumanEval-mini's), if it has any. */
export function embeddedPublicTestsPath(task: string): string | undefined {
  const file = embeddedPublicTestsFiles[task as EmbeddedTask];
  return file === undefined ? undefined : resolveInData(file);
}

/** Absolute path of the `data/` directory itself. */
export const embeddedDataDir: string = resolveInData('.');
