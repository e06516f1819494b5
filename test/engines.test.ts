import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Issue 17.11: `npm ci` warned `EBADENGINE cookie@2.0.2 required node >=22` while package.json
 * promised >=20. Every package the lock installs must accept the oldest node package.json allows.
 */

type Version = [number, number, number];

const root = new URL('../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { version?: string; optional?: boolean; engines?: { node?: string } | string[] }>;
};

/** `20`, `20.19`, `20.x`, `12.*`: the parts given (wildcards and missing parts are undefined). */
function parts(text: string): (number | undefined)[] {
  return text.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : undefined));
}

function compare(a: Version, b: (number | undefined)[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== (b[i] ?? 0)) return a[i]! - (b[i] ?? 0);
  return 0;
}

/** The npm range forms the lock holds: `*`, `>=V`, `^V`, `V.x`, joined by spaces (and) and `||` (or). */
function satisfies(version: Version, range: string): boolean {
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .replace(/(>=|<=|>|<|\^|~)\s+/g, '$1')
      .split(/\s+/)
      .every((comparator) => {
        if (comparator === '' || comparator === '*' || comparator === 'x') return true;
        const [, op = '', rest = ''] = /^(>=|<=|>|<|\^|~)?(.*)$/.exec(comparator)!;
        const wanted = parts(rest);
        if (op === '>=') return compare(version, wanted) >= 0;
        if (op === '>') return compare(version, wanted) > 0;
        if (op === '<') return compare(version, wanted) < 0;
        if (op === '<=') return compare(version, wanted) <= 0;
        if (op === '^') return version[0] === wanted[0] && compare(version, wanted) >= 0;
        if (op === '~') return version[0] === wanted[0] && version[1] === (wanted[1] ?? version[1]) && compare(version, wanted) >= 0;
        return wanted.every((part, i) => part === undefined || part === version[i]);
      }),
  );
}

describe('node engines', () => {
  it('parses the range forms of the lock', () => {
    expect(satisfies([20, 19, 0], '>=20.19.0')).toBe(true);
    expect(satisfies([20, 0, 0], '>=20.19.0')).toBe(false);
    expect(satisfies([20, 19, 0], '>=22')).toBe(false);
    expect(satisfies([20, 19, 0], '^20.19.0 || >=22.12.0')).toBe(true);
    expect(satisfies([20, 19, 0], '10.* || >= 12.*')).toBe(true);
    expect(satisfies([20, 19, 0], '20.x || 22.x')).toBe(true);
    expect(satisfies([20, 19, 0], '^10 || ^12 || >=14')).toBe(true);
    expect(satisfies([20, 19, 0], '^22.0.0 || >=24.0.0')).toBe(false);
  });

  it('every package the lock installs accepts the oldest node that package.json allows', () => {
    const minimum = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(pkg.engines.node);
    expect(minimum, `package.json engines.node is not a plain ">=" range: ${pkg.engines.node}`).not.toBeNull();
    const oldest = [0, 1, 2].map((i) => parts(minimum![1]!)[i] ?? 0) as Version;
    const refusing = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && !entry.optional && !Array.isArray(entry.engines) && entry.engines?.node !== undefined)
      .filter(([, entry]) => !satisfies(oldest, (entry.engines as { node: string }).node))
      .map(([path, entry]) => `${path}@${entry.version} requires node ${(entry.engines as { node: string }).node}`);
    expect(refusing, `package.json says node ${pkg.engines.node}`).toEqual([]);
  });
});
