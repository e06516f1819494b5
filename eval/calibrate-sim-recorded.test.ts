import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSharedData, sharedFile } from '../test/shared-data.ts';
import { judgeCell, renderRecordedTable, runRecordedCalibration } from './calibrate-sim-recorded.ts';

const replayDir = join(import.meta.dirname, '../../shared/replay');
const hasReplay = existsSync(replayDir);
if (!hasReplay) console.log(`skipped the sim:gpt-4 calibration test: ${replayDir} is absent`);

const target = { style: 'Faithful-COT COT', accuracy: 93.46, tokens: 110 };

describe('judgeCell', () => {
  it('passes within 1.5 points and 10% of tokens, fails outside either, and leaves a cell without a recording unjudged', () => {
    const cell = { task: 'gsm8k' as const, topology: 'cot', accuracy: 94.9, cpTokens: 120, costUsd: 1, n: 1055, target };
    expect(judgeCell(cell).pass).toBe(true);
    expect(judgeCell({ ...cell, accuracy: 95.1 }).pass).toBe(false);
    expect(judgeCell({ ...cell, cpTokens: 122 }).pass).toBe(false);
    const { target: _, ...untargeted } = cell;
    expect(judgeCell(untargeted).pass).toBeUndefined();
    expect(renderRecordedTable([judgeCell({ ...cell, accuracy: 95.1 }), judgeCell(untargeted)])).toMatch(/\| gsm8k \| cot \| Faithful-COT COT \| 95\.10 \| 93\.46 \| \+1\.64 .*FAIL \|\n\| gsm8k \| cot \| – \(no recording\) .*\| – \|$/);
  });
});

describe.runIf(hasReplay && hasSharedData)('sim:gpt-4 against the replayed gpt-4 recordings (MaAS GSM8K test split, seed 0)', () => {
  it('Generate and CoT land within 1.5 accuracy points and 10% of tokens of the recorded direct and COT styles', async () => {
    const cells = await runRecordedCalibration({
      profile: 'gpt-4',
      model: 'gpt-4',
      tasks: ['gsm8k'],
      topologies: ['generate', 'cot'],
      seed: 0,
      replayDir,
      dataDir: sharedFile('maas_splits'),
    });
    expect(cells.map((cell) => [cell.topology, cell.n, cell.target?.style])).toEqual([
      ['generate', 1055, 'Faithful-COT standard'],
      ['cot', 1055, 'Faithful-COT COT'],
    ]);
    for (const cell of cells) expect(cell.pass, renderRecordedTable(cells)).toBe(true);
    // The recordings differ by 37 points between the styles: a profile that ignored them could not pass both.
    expect(cells[1]!.target!.accuracy - cells[0]!.target!.accuracy).toBeGreaterThan(30);
  }, 1_200_000);
});
