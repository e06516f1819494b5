import type { Random } from '../../util/random.ts';

/** Small, plausible bugs: the kinds of slips a model makes in otherwise right code. */
const mutations: Array<{ pattern: RegExp; replace: (match: string) => string }> = [
  { pattern: /<=|>=|==|!=|(?<![<>=!])<(?![<=])|(?<![<>=!-])>(?![>=])/g, replace: flipComparison },
  { pattern: / [+\-*] /g, replace: (op) => (op === ' + ' ? ' - ' : op === ' - ' ? ' + ' : ' + ') },
  { pattern: /(?<![\w.])\d+(?![\w.])/g, replace: (n) => String(Number(n) + 1) },
  { pattern: /\bTrue\b|\bFalse\b/g, replace: (b) => (b === 'True' ? 'False' : 'True') },
  { pattern: /\band\b|\bor\b/g, replace: (op) => (op === 'and' ? 'or' : 'and') },
];

function flipComparison(op: string): string {
  const flips: Record<string, string> = { '<=': '<', '>=': '>', '==': '!=', '!=': '==', '<': '<=', '>': '>=' };
  return flips[op] ?? op;
}

/** Positions outside string literals on their line (a quote count check is enough for this use). */
function outsideString(code: string, index: number): boolean {
  const lineStart = code.lastIndexOf('\n', index) + 1;
  const before = code.slice(lineStart, index);
  if (before.trimStart().startsWith('#')) return false;
  return (before.match(/"/g) ?? []).length % 2 === 0 && (before.match(/'/g) ?? []).length % 2 === 0;
}

/**
 * Up to `count` distinct single-site mutants of a correct function body, in a seeded order.
 * When the body offers too few sites, an early `return None` stands in (it fails any test that
 * expects a value).
 */
export function mutateCode(body: string, count: number, random: Random): string[] {
  const sites: Array<{ index: number; length: number; replacement: string }> = [];
  for (const mutation of mutations) {
    for (const match of body.matchAll(mutation.pattern)) {
      const replacement = mutation.replace(match[0]);
      if (replacement !== match[0] && outsideString(body, match.index)) sites.push({ index: match.index, length: match[0].length, replacement });
    }
  }
  const mutants = new Set<string>();
  for (const site of random.shuffle(sites)) {
    if (mutants.size >= count) break;
    mutants.add(body.slice(0, site.index) + site.replacement + body.slice(site.index + site.length));
  }
  if (mutants.size < count) mutants.add(`    return None\n${body}`);
  return [...mutants].slice(0, count);
}
