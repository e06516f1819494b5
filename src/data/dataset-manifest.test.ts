import { describe, expect, it } from 'vitest';
import { UsageError } from '../util/errors.ts';
import { DATASET_MANIFEST, datasetManifestSchema, findDataset } from './dataset-manifest.ts';

describe('DATASET_MANIFEST', () => {
  it('satisfies its own schema (unique names, unique safe paths, hex pins)', () => {
    expect(() => datasetManifestSchema.parse(DATASET_MANIFEST)).not.toThrow();
  });

  it('pins every upstream URL to a commit, never a branch', () => {
    for (const file of DATASET_MANIFEST.flatMap((e) => e.files)) {
      if (!file.url) continue;
      expect(file.url).toMatch(/^https:\/\//);
      expect(file.url).toMatch(/\/[0-9a-f]{8,40}\//);
      expect(file.url).not.toMatch(/\/(main|master|HEAD)\//);
    }
  });

  it('marks exactly the gzipped upstream files for gunzip', () => {
    const gz = DATASET_MANIFEST.flatMap((e) => e.files).filter((f) => f.gunzip);
    expect(gz.map((f) => f.path)).toEqual(['humaneval/HumanEval.jsonl']);
    expect(gz[0]!.url).toMatch(/\.jsonl\.gz$/);
  });

  it('explains every file without a URL', () => {
    for (const entry of DATASET_MANIFEST) {
      if (entry.files.some((f) => !f.url)) expect(entry.unavailableReason).toBeTruthy();
    }
  });

  it('rejects paths that could escape the destination', () => {
    const bad = (path: string) => [{ name: 'x', description: '', license: '', source: '', files: [{ path, sha256: '0'.repeat(64) }] }];
    for (const path of ['../x.jsonl', '/abs.jsonl', 'a/../../b.jsonl', 'a//b.jsonl', 'a\\b.jsonl']) {
      expect(datasetManifestSchema.safeParse(bad(path)).success, path).toBe(false);
    }
    expect(datasetManifestSchema.safeParse(bad('a/b.jsonl')).success).toBe(true);
  });
});

describe('findDataset', () => {
  it('finds names and aliases', () => {
    expect(findDataset('gsm8k').name).toBe('gsm8k');
    expect(findDataset('maas_splits').name).toBe('maas-splits');
    expect(findDataset('HumanEval').name).toBe('humaneval');
  });

  it('lists the known names for an unknown one', () => {
    expect(() => findDataset('mbpp')).toThrow(UsageError);
    expect(() => findDataset('mbpp')).toThrow(/known: gsm8k, humaneval, math500, prm800k-math-splits, math, maas-splits/);
  });
});
