import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayModels, type StyleSource } from './replay-models.ts';
import { loadRecording } from './replay-store.ts';

const shared = join(import.meta.dirname, '../../../shared/replay');
if (!existsSync(shared)) console.log(`skipped the tests over the real recordings: ${shared} is absent`);

describe.runIf(existsSync(shared))('the real recordings in ../shared/replay', { timeout: 600_000 }, () => {
  const sources = new Map<string, StyleSource>();
  for (const model of replayModels) for (const roles of Object.values(model.roles)) for (const styles of Object.values(roles ?? {})) for (const style of styles) sources.set(`${style.format} ${style.file}`, style);

  it('every file a model reads loads, with every GSM8K question or HumanEval task once', async () => {
    for (const source of sources.values()) {
      const recording = await loadRecording(shared, source);
      const humaneval = source.format === 'mapcoder' || source.format === 'solution';
      expect(recording.outputs.size, source.file).toBe(humaneval ? 164 : 1319);
      if (!humaneval) expect([...recording.outputs.keys()].every((key) => Number(key) >= 0 && Number(key) < 1319)).toBe(true);
    }
  });

  it('the gpt-3.5-turbo re-read file repeats 30 questions: the first row of each is kept', async () => {
    const [source] = [...sources.values()].filter((s) => s.file.endsWith('_1200.jsonl') && s.format === 're2-cot');
    const recording = await loadRecording(shared, source!);
    expect(recording.duplicateRows).toBe(30);
  });
});
