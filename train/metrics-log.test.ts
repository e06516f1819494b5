import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type BatchMetrics, MetricsLog } from './metrics-log.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function row(step: number): BatchMetrics {
  return { pass: 0, batch: step - 1, step, meanReward: 0.5, accuracy: 1, costUsd: 0.001, cpTokens: 300, cpWallMs: 4000, operatorsPerLayer: 2, depth: 1, loss: -0.1, forcedGenerators: 0.25 };
}

describe('metrics.csv', () => {
  it('writes one row per batch under a header, forced generators last', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'lamas-metrics-')), 'metrics.csv');
    dirs.push(join(path, '..'));
    const log = new MetricsLog(path);
    log.start(null);
    log.append(row(1));
    const [header, first] = readFileSync(path, 'utf8').trim().split('\n');
    expect(header!.split(',').at(-1)).toBe('forcedGenerators');
    expect(first!.split(',')).toHaveLength(header!.split(',').length);
    expect(first!.split(',').at(-1)).toBe('0.25');
  });

  it('on resume keeps rows up to the step, and pads a run started before a column existed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lamas-metrics-'));
    dirs.push(dir);
    const path = join(dir, 'metrics.csv');
    // Written by a version without the forcedGenerators column.
    writeFileSync(path, 'pass,batch,step,meanReward,accuracy,costUsd,cpTokens,cpWallMs,operatorsPerLayer,depth,loss\n0,0,1,0.5,1,0.001,300,4000,2,1,-0.1\n0,1,2,0.5,1,0.001,300,4000,2,1,-0.1\n0,2,3,0.5,1,0.001,300,4000,2,1,-0.1\n');
    const log = new MetricsLog(path);
    log.start(2);
    log.append(row(3));
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]!.endsWith(',loss,forcedGenerators')).toBe(true);
    expect(lines[1]).toBe('0,0,1,0.5,1,0.001,300,4000,2,1,-0.1,');
    expect(lines.every((line) => line.split(',').length === 12)).toBe(true);
    expect(lines[3]!.split(',')[2]).toBe('3');
  });
});
