import { z } from 'zod';
import { readReplayManifest, replayDatasetEntry } from '../replay/replay-dataset.ts';
import { UsageError } from '../util/errors.ts';

/**
 * The pinned catalogue behind `lamas data fetch` / `lamas data verify`.
 *
 * Every sha256 is of the final bytes on disk (after gunzip), so `verify` needs no network
 * and a mirror can serve the files exactly as they sit in a data directory. Upstream URLs
 * are pinned to commits, never to a branch, so the bytes behind them cannot drift.
 */

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');

/** A relative, forward-slash path that cannot escape the destination directory. */
const relativePathSchema = z
  .string()
  .min(1)
  .refine(
    (path) => !path.startsWith('/') && !path.includes('\\') && path.split('/').every((part) => part !== '' && part !== '.' && part !== '..'),
    'must be a relative path without "." or ".." segments',
  );

export const datasetFileSchema = z.object({
  /** Where the file lands under --dest, and where a mirror serves it. */
  path: relativePathSchema,
  /** Pinned upstream location; absent when no canonical public URL serves these exact bytes. */
  url: z.url({ protocol: /^(https?|file)$/ }).optional(),
  sha256: sha256Schema,
  /** The upstream bytes are gzip; the pinned checksum is of the decompressed file. Mirrors serve the decompressed file. */
  gunzip: z.boolean().optional(),
  /** Size of the final file, for progress and for the human report. */
  bytes: z.number().int().nonnegative().optional(),
  rows: z.number().int().nonnegative().optional(),
});
export type DatasetFile = z.infer<typeof datasetFileSchema>;

export const datasetEntrySchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  aliases: z.array(z.string()).optional(),
  description: z.string(),
  license: z.string(),
  /** Human-readable provenance: repository and commit the URLs are pinned to. */
  source: z.string(),
  files: z.array(datasetFileSchema).min(1),
  /** Why some file has no URL, shown when a fetch without --mirror cannot proceed. */
  unavailableReason: z.string().optional(),
});
export type DatasetEntry = z.infer<typeof datasetEntrySchema>;

export const datasetManifestSchema = z
  .array(datasetEntrySchema)
  .refine((entries) => new Set(entries.flatMap((e) => [e.name, ...(e.aliases ?? [])])).size === entries.reduce((n, e) => n + 1 + (e.aliases?.length ?? 0), 0), 'dataset names and aliases must be unique')
  .refine((entries) => {
    const paths = entries.flatMap((e) => e.files.map((f) => f.path));
    return new Set(paths).size === paths.length;
  }, 'file paths must be unique across datasets');
export type DatasetManifest = readonly DatasetEntry[];

// Full commit hashes where the public record gives one; see the notes on each entry.
const GSM8K_COMMIT = '3101c7d5072418e28b9008a6636bde82a006892c';
const HUMAN_EVAL_COMMIT = '6d43fb980f9fee3c892a914eda09951f772ad10d';
const PRM800K_COMMIT = '00811d6de065642a6967b9017d4cee59550c0ef4';
// Only the short hash is on record; GitHub resolves unambiguous short hashes in raw URLs.
const MASARENA_COMMIT = 'f829784f';

const gsm8kBase = `https://raw.githubusercontent.com/openai/grade-school-math/${GSM8K_COMMIT}/grade_school_math/data`;
const humanEvalBase = `https://raw.githubusercontent.com/openai/human-eval/${HUMAN_EVAL_COMMIT}/data`;
// The PRM800K split files are Git LFS objects: raw.githubusercontent.com would serve the
// pointer, media.githubusercontent.com serves the content (whose sha256 is the pointer's oid).
const prm800kBase = `https://media.githubusercontent.com/media/openai/prm800k/${PRM800K_COMMIT}/prm800k/math_splits`;
const masArenaBase = `https://raw.githubusercontent.com/LINs-lab/MASArena/${MASARENA_COMMIT}/data`;

export const DATASET_MANIFEST: DatasetManifest = [
  {
    name: 'gsm8k',
    description: 'GSM8K grade-school math: train (7473), test (1319) and the Socratic-format test (1319); fields question, answer (ends "#### N")',
    license: 'MIT',
    source: `openai/grade-school-math @${GSM8K_COMMIT}`,
    files: [
      { path: 'gsm8k/train.jsonl', url: `${gsm8kBase}/train.jsonl`, sha256: '17f347dc51477c50d4efb83959dbb7c56297aba886e5544ee2aaed3024813465', bytes: 4166206, rows: 7473 },
      { path: 'gsm8k/test.jsonl', url: `${gsm8kBase}/test.jsonl`, sha256: '3730d312f6e3440559ace48831e51066acaca737f6eabec99bccb9e4b3c39d14', bytes: 749738, rows: 1319 },
      { path: 'gsm8k/test_socratic.jsonl', url: `${gsm8kBase}/test_socratic.jsonl`, sha256: 'c96673362fa7a699f4836a9b6474a067448f95fe58064727501ee63ba4c3fdb6', bytes: 972978, rows: 1319 },
    ],
  },
  {
    name: 'humaneval',
    aliases: ['human-eval'],
    description: 'HumanEval: 164 Python problems; fields task_id, prompt, canonical_solution, test, entry_point',
    license: 'MIT',
    source: `openai/human-eval @${HUMAN_EVAL_COMMIT} (data/HumanEval.jsonl.gz, gunzipped)`,
    files: [
      { path: 'humaneval/HumanEval.jsonl', url: `${humanEvalBase}/HumanEval.jsonl.gz`, gunzip: true, sha256: '1d49078ba3e2b196b9344535bef34a43021f038fad9561d6ee7c53450609a6a2', bytes: 214438, rows: 164 },
    ],
  },
  {
    name: 'math500',
    aliases: ['math-500'],
    description: 'MATH500: the 500 held-out MATH test problems of PRM800K; fields problem, solution, answer, subject, level, unique_id',
    license: 'MIT',
    source: `openai/prm800k @${PRM800K_COMMIT} (prm800k/math_splits/test.jsonl, Git LFS)`,
    files: [
      { path: 'math/math500_test.jsonl', url: `${prm800kBase}/test.jsonl`, sha256: '35dc41080a3680858b27fa7e0533d2d547825316fc5dafe5d316f4ccc5a06132', bytes: 446564, rows: 500 },
    ],
  },
  {
    name: 'prm800k-math-splits',
    description: 'PRM800K training split of MATH: the 7500 train problems plus 4500 test problems (all of MATH but MATH500), PRM800K row schema',
    license: 'MIT',
    source: `openai/prm800k @${PRM800K_COMMIT} (prm800k/math_splits/train.jsonl, Git LFS)`,
    files: [
      { path: 'math/prm800k_train.jsonl', url: `${prm800kBase}/train.jsonl`, sha256: '90d96daeac3fe343ebb1e22ce93dd99690f75983e957f88de42f87cffe1e8076', bytes: 10896985, rows: 12000 },
    ],
  },
  {
    name: 'math',
    description: 'Hendrycks MATH full test (5000) and train (7500) sets in PRM800K row schema; answer = last \\boxed{} of the solution',
    license: 'MIT',
    source: 'Hendrycks MATH (hendrycks/math), re-serialized in PRM800K row schema',
    unavailableReason:
      'no canonical public URL serves these exact bytes (the Hendrycks release is a tarball of per-problem JSON files); ' +
      'fetch them from a copy with --mirror (or LAMAS_DATA_MIRROR), or use "math500" / "prm800k-math-splits", which are downloadable',
    files: [
      { path: 'math/test.jsonl', sha256: '60a9e8e792878bb6eaea958899cc38e628c59efa3f35b45d4c6695a2fc708382', bytes: 4376895, rows: 5000 },
      { path: 'math/train.jsonl', sha256: '9daa1516f9f04537fdde57418a18cbd988ff17792efd9b90da5c406befc8cbb5', bytes: 6967671, rows: 7500 },
    ],
  },
  {
    name: 'maas-splits',
    aliases: ['maas_splits', 'maas'],
    description:
      'AFlow/MaAS 1:4 validate/test splits of GSM8K, MATH (level 5 of four subjects) and HumanEval, plus HumanEval public tests',
    license: 'MIT',
    source: `LINs-lab/MASArena @${MASARENA_COMMIT} (data/*.jsonl)`,
    files: [
      { path: 'maas_splits/gsm8k_validate.jsonl', url: `${masArenaBase}/gsm8k_validate.jsonl`, sha256: '0502dcec3263f5172e450141ff79da1f84401ed0c7e5d51016b3f773fb7ee869', bytes: 160064, rows: 264 },
      { path: 'maas_splits/gsm8k_test.jsonl', url: `${masArenaBase}/gsm8k_test.jsonl`, sha256: '2b8372f7b81d842fea01efb66193152b42506e2b23c890c3d90d2aef228dd788', bytes: 626010, rows: 1055 },
      { path: 'maas_splits/math_validate.jsonl', url: `${masArenaBase}/math_validate.jsonl`, sha256: '0ade63e8c9fe01fb8964fa22f73423be5e1c78addc9942808de464cabab188c0', bytes: 128287, rows: 119 },
      { path: 'maas_splits/math_test.jsonl', url: `${masArenaBase}/math_test.jsonl`, sha256: '343361223de598f1a8ca101edd5d4a063b8152a3ae80f845855b0d8cfb858e5c', bytes: 553472, rows: 486 },
      { path: 'maas_splits/humaneval_validate.jsonl', url: `${masArenaBase}/humaneval_validate.jsonl`, sha256: '7c09e2424572a0e82b14d2dc145bf86feb2aeef9828b8b37c7e87dfe88d902f7', bytes: 39356, rows: 33 },
      { path: 'maas_splits/humaneval_test.jsonl', url: `${masArenaBase}/humaneval_test.jsonl`, sha256: '867ffd759f2268c97778787fbe82d6f2fea3b2a08ee2138138fc187165678753', bytes: 175082, rows: 131 },
      { path: 'maas_splits/humaneval_public_test.jsonl', url: `${masArenaBase}/humaneval_public_test.jsonl`, sha256: 'ad5e3bdddfa5d0a48ad75d027d293858b2cab4526ca645a54f117c4f0b596edc', bytes: 31970, rows: 159 },
    ],
  },
  // The replay recordings (src/replay): pinned per file in src/replay/replay-manifest.jsonl.
  replayDatasetEntry(readReplayManifest()),
];

/** Looks a dataset up by name or alias (case-insensitive); unknown names list the known ones. */
export function findDataset(name: string, manifest: DatasetManifest = DATASET_MANIFEST): DatasetEntry {
  const wanted = name.trim().toLowerCase();
  const entry = manifest.find((e) => e.name === wanted || (e.aliases ?? []).includes(wanted));
  if (entry) return entry;
  throw new UsageError(`unknown dataset "${name}" (known: ${manifest.map((e) => e.name).join(', ')})`);
}
