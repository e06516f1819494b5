import { normalizeMathAnswer } from './normalize-math-answer.ts';
import { type AnswerStructure, parseAnswerStructure } from './parse-answer-structure.ts';
import { scalarAnswersEquivalent } from './scalar-answers-equivalent.ts';

/** Longer answers are compared as trimmed strings only: nothing in MATH is that long, and the rules are not linear. */
const maxAnswerLength = 1000;
/** Tuples of tuples of ...: deeper nesting is compared as strings. */
const maxDepth = 4;
/** Unordered lists longer than this are matched by sorted strings instead of pairwise (quadratic) comparison. */
const maxMatchedItems = 12;

/**
 * Whether two MATH answers (LaTeX, as boxed) are mathematically the same: equal after
 * normalisation, or equal by structure (ordered tuples and intervals, unordered sets and lists of
 * roots, unions, matrices) with a CAS deciding single values. Never throws and never hangs: any
 * failure, and any CAS call past its time budget, means "not equivalent".
 */
export function mathAnswersEquivalent(a: string, b: string): boolean {
  try {
    if (typeof a !== 'string' || typeof b !== 'string') return false;
    if (a.trim() === '' || b.trim() === '') return false;
    if (a.length > maxAnswerLength || b.length > maxAnswerLength) return a.trim() === b.trim();
    for (const readingA of readings(a)) {
      for (const readingB of readings(b)) if (normalizedEquivalent(readingA, readingB, 0)) return true;
    }
    return false;
  } catch {
    return false;
  }
}

/** A bare `70,110` is one number or two; both readings are tried. */
function readings(answer: string): string[] {
  const number = normalizeMathAnswer(answer);
  const list = normalizeMathAnswer(answer, { bareThousands: false });
  return list === number ? [number] : [number, list];
}

function normalizedEquivalent(a: string, b: string, depth: number): boolean {
  if (a === b) return a !== '';
  if (depth > maxDepth) return false;
  return structuresEquivalent(parseAnswerStructure(a), parseAnswerStructure(b), depth);
}

function itemsEquivalent(a: string, b: string, depth: number): boolean {
  return normalizedEquivalent(normalizeMathAnswer(a), normalizeMathAnswer(b), depth + 1);
}

function structuresEquivalent(a: AnswerStructure, b: AnswerStructure, depth: number): boolean {
  const same = (x: string, y: string): boolean => itemsEquivalent(x, y, depth);
  if (a.kind === 'scalar' && b.kind === 'scalar') return scalarAnswersEquivalent(a.text, b.text);
  if (a.kind === 'set' && b.kind === 'set') return unorderedEquivalent(a.items, b.items, same);
  // `\{3\}` and `3` name the same single answer.
  if (a.kind === 'set' && a.items.length === 1 && b.kind === 'scalar') return same(a.items[0]!, b.text);
  if (b.kind === 'set' && b.items.length === 1 && a.kind === 'scalar') return same(a.text, b.items[0]!);
  if (a.kind === 'sequence' && b.kind === 'sequence') {
    return a.open === b.open && a.close === b.close && orderedEquivalent(a.items, b.items, same);
  }
  if (a.kind === 'union' && b.kind === 'union') return unorderedEquivalent(a.parts, b.parts, same);
  if (a.kind === 'matrix' && b.kind === 'matrix') {
    return a.rows.length === b.rows.length && a.rows.every((row, i) => orderedEquivalent(row, b.rows[i]!, same));
  }
  return false;
}

type Same = (a: string, b: string) => boolean;

function orderedEquivalent(a: readonly string[], b: readonly string[], same: Same): boolean {
  return a.length === b.length && a.every((item, i) => same(item, b[i]!));
}

/** A perfect matching between the items (augmenting paths), so `1, 1, 2` never matches `1, 2, 2`. */
function unorderedEquivalent(a: readonly string[], b: readonly string[], same: Same): boolean {
  if (a.length !== b.length) return false;
  if (a.length > maxMatchedItems) {
    const sorted = (items: readonly string[]): string => items.map((item) => normalizeMathAnswer(item)).sort().join('\u0000');
    return sorted(a) === sorted(b);
  }
  const verdicts = new Map<string, boolean>();
  const edge = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    let verdict = verdicts.get(key);
    if (verdict === undefined) {
      verdict = same(a[i]!, b[j]!);
      verdicts.set(key, verdict);
    }
    return verdict;
  };
  const matchOfB = new Array<number>(b.length).fill(-1);
  const augment = (i: number, seen: boolean[]): boolean => {
    for (let j = 0; j < b.length; j++) {
      if (seen[j] || !edge(i, j)) continue;
      seen[j] = true;
      if (matchOfB[j] === -1 || augment(matchOfB[j]!, seen)) {
        matchOfB[j] = i;
        return true;
      }
    }
    return false;
  };
  return a.every((_, i) => augment(i, new Array<boolean>(b.length).fill(false)));
}
