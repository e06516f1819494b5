import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSimProfile, profilePath } from './sim-profile.ts';

const dir = mkdtempSync(join(tmpdir(), 'lamas-profile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadSimProfile', () => {
  it('loads every built-in version by name, and the bare name as the current default', () => {
    expect(loadSimProfile('gpt-4o-mini-v2').version).toBe(2);
    expect(loadSimProfile('gpt-4o-mini-v3').version).toBe(3);
    expect(loadSimProfile('gpt-4o-mini').version).toBe(3);
    // Version 3 changes where difficulty offsets come from, not the fitted parameters' meaning.
    expect(Object.keys(loadSimProfile('gpt-4o-mini-v3').tasks)).toEqual(Object.keys(loadSimProfile('gpt-4o-mini-v2').tasks));
  });

  it('refuses an unknown name with the built-in list, and an unknown version naming the file and field', () => {
    expect(() => loadSimProfile('gpt-4o')).toThrow(/unknown sim profile "gpt-4o".*gpt-4o-mini-v2/);
    expect(() => profilePath('nope')).toThrow(/unknown sim profile "nope"/);
    const future = join(dir, 'future.json');
    writeFileSync(future, JSON.stringify({ ...JSON.parse(readFileSync(profilePath('gpt-4o-mini-v3'), 'utf8')), version: 4 }));
    expect(() => loadSimProfile(future)).toThrow(/future\.json field "version": unknown profile version \(this lamas reads versions 1 to 3\)/);
  });

  it('loads a version 2 profile file by path with its version', () => {
    const copy = join(dir, 'old.json');
    writeFileSync(copy, readFileSync(profilePath('gpt-4o-mini-v2'), 'utf8'));
    expect(loadSimProfile(copy).version).toBe(2);
  });
});
