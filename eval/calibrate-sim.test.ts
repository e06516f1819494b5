import { describe, expect, it } from 'vitest';
import { compareWithPaper, type MeasuredCell, paperTable3, parseBaselineList, parseSeedList, parseTaskList, renderCalibrationTable, renderCostRatios } from './calibrate-sim.ts';

const cell = (baseline: MeasuredCell['baseline'], accuracy: number, cpTokens: number, costUsd: number): MeasuredCell => ({
  task: 'gsm8k',
  baseline,
  accuracy,
  cpTokens,
  costUsd,
  n: 1055,
  seconds: 1,
});

describe('compareWithPaper', () => {
  it('computes deltas against Table 3 and cost ratios within the task', () => {
    const [generate, cot, cotSc] = compareWithPaper([cell('generate', 0.928, 405.2, 0.25), cell('cot', 0.9, 345.8, 0.22), cell('cot-sc', 0.93, 540, 1.5)]);
    expect(generate!.accuracyDelta).toBeCloseTo(0, 9);
    expect(generate!.pass).toBe(true);
    expect(cot!.accuracyDelta).toBeCloseTo(90 - 92.23, 9);
    expect(cot!.pass).toBe(false);
    expect(cotSc!.cpTokensDelta).toBeCloseTo((540 - 488.3) / 488.3, 9);
    expect(cotSc!.pass).toBe(false);
    expect(cotSc!.costRatio).toBeCloseTo(6, 9);
  });

  it('passes on the tolerance boundary and fails just beyond it', () => {
    const paper = paperTable3.gsm8k.cot;
    const [edge, beyond] = compareWithPaper([
      cell('cot', (paper.accuracy + 1.5) / 100, paper.cpTokens * 1.1, 1),
      { ...cell('cot', (paper.accuracy - 1.51) / 100, paper.cpTokens, 1) },
    ]);
    expect(edge!.pass).toBe(true);
    expect(beyond!.pass).toBe(false);
    expect(Number.isNaN(edge!.costRatio)).toBe(true);
  });
});

describe('rendering', () => {
  it('prints one markdown row per cell and the cot-sc cost ratio', () => {
    const cells = compareWithPaper([cell('generate', 0.928, 405.2, 0.25), cell('cot-sc', 0.93, 488.3, 1.5)]);
    const table = renderCalibrationTable(cells);
    expect(table.split('\n')).toHaveLength(4);
    expect(table).toContain('| gsm8k | cot-sc | 93.00 | 92.99 | +0.01 | 488.3 | 488.3 | +0.0% | 1.5000 | 6.00x | pass |');
    expect(renderCostRatios(cells)).toBe('gsm8k: cot-sc / generate cost = 6.00x (paper ≈ 6x)');
  });
});

describe('argument lists', () => {
  it('parses tasks, baselines and seeds, and names the bad entry', () => {
    expect(parseTaskList('gsm8k, math')).toEqual(['gsm8k', 'math']);
    expect(parseBaselineList('cot-sc')).toEqual(['cot-sc']);
    expect(parseSeedList('0,1')).toEqual([0, 1]);
    expect(() => parseTaskList('gsm8k,mbpp')).toThrow(/mbpp/);
    expect(() => parseBaselineList('sc')).toThrow(/"sc"/);
    expect(() => parseSeedList('0,x')).toThrow(/"x"/);
  });
});
