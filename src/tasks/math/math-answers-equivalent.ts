import { normalizeMathAnswer } from './normalize-math-answer.ts';
import { type AnswerStructure, parseAnswerStructure } from './parse-answer-structure.ts';
import { relationAsIntervals, relationsEquivalent } from './relations-equivalent.ts';
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
 * roots, unions, matrices, inequalities) with a CAS deciding single values. Never throws and
 * never hangs: any failure, and any CAS call past its time budget, means "not equivalent".
 */
export function mathAnswersEquivalent(a: string, b: string): boolean {
  try {
    if (typeof a !== 'string' || typeof b !== 'string') return false;
    if (a.trim() === '' || b.trim() === '') return false;
    if (a.length > maxAnswerLength || b.length > maxAnswerLength) return a.trim() === b.trim();
    // The default readings first: most pairs are decided there, without the other normalisations.
    const defaultA = normalizeMathAnswer(a);
    const defaultB = normalizeMathAnswer(b);
    if (normalizedEquivalent(defaultA, defaultB, 0)) return true;
    const readingsB = readings(b, defaultB);
    for (const readingA of readings(a, defaultA)) {
      for (const readingB of readingsB) {
        if ((readingA !== defaultA || readingB !== defaultB) && normalizedEquivalent(readingA, readingB, 0)) return true;
      }
    }
    return false;
  } catch {
    return false;
  }
}

/**
 * The ways an answer can be read, all tried: a bare `70,110` is one number or two; `y = 2x + 3`
 * is `2x + 3` (the label dropped, as Hendrycks does) or an equation; `C. x = 42` is choice `C`.
 */
function readings(answer: string, normalized: string): string[] {
  const forms = [normalized, normalizeMathAnswer(answer, { bareThousands: false }), normalizeMathAnswer(answer, { keepLabel: true })];
  const choice = /^\s*(?:\\text\{\s*)?(?:\(([A-E])\)|([A-E])[.:)])\s+\S/.exec(answer);
  if (choice) forms.push(choice[1] ?? choice[2]!);
  // `1,22`, `1000,99`, `0,111`: a comma that cannot separate thousands may be a decimal comma.
  // One digit after it (`2,6`) stays a list only: that is how MATH writes two roots.
  const decimalComma = /^\s*\$?\s*(-?\d+),(\d+)\s*\$?\s*$/.exec(answer);
  if (decimalComma && (decimalComma[1]!.replace('-', '') === '0' || (decimalComma[2]!.length >= 2 && decimalComma[2]!.length !== 3) || decimalComma[1]!.replace('-', '').length > 3)) {
    forms.push(normalizeMathAnswer(`${decimalComma[1]}.${decimalComma[2]}`));
  }
  return [...new Set(forms)];
}

function normalizedEquivalent(a: string, b: string, depth: number): boolean {
  if (a === b) return a !== '';
  if (depth > maxDepth) return false;
  return structuresEquivalent(parseAnswerStructure(a), parseAnswerStructure(b), a, b, depth);
}

function itemsEquivalent(a: string, b: string, depth: number): boolean {
  return normalizedEquivalent(normalizeMathAnswer(a), normalizeMathAnswer(b), depth + 1);
}

function structuresEquivalent(a: AnswerStructure, b: AnswerStructure, textA: string, textB: string, depth: number): boolean {
  const same = (x: string, y: string): boolean => itemsEquivalent(x, y, depth);
  // A set of one names its element, whatever that is: `\{3\}` ≡ `3`, `\{\{1,2\}\}` ≡ `\{1,2\}`.
  const single = (s: AnswerStructure): string | null => (s.kind === 'set' && s.items.length === 1 ? s.items[0]! : null);
  const singleA = single(a);
  const singleB = single(b);
  if (singleA !== null || singleB !== null) return same(singleA ?? textA, singleB ?? textB);
  if (a.kind === 'scalar' && b.kind === 'scalar') return scalarAnswersEquivalent(a.text, b.text);
  if (a.kind === 'set' && b.kind === 'set') return unorderedEquivalent(a.items, b.items, same);
  if (a.kind === 'sequence' && b.kind === 'sequence') {
    return a.open === b.open && a.close === b.close && orderedEquivalent(a.items, b.items, same);
  }
  if (a.kind === 'set' && b.kind === 'sequence') return listAsTuple(a, b, same);
  if (a.kind === 'sequence' && b.kind === 'set') return listAsTuple(b, a, same);
  if (a.kind === 'union' && b.kind === 'union') return unorderedEquivalent(a.parts, b.parts, same);
  if (a.kind === 'matrix' && b.kind === 'matrix') {
    return a.rows.length === b.rows.length && a.rows.every((row, i) => orderedEquivalent(row, b.rows[i]!, same));
  }
  if (a.kind === 'relation' && b.kind === 'relation') return relationsEquivalent(a, b, same);
  // An inequality in one variable is the interval it describes: `0<y<1` ≡ `(0,1)`, `x \ge 5` ≡ `[5,\infty)`.
  const intervalsA = asIntervals(a);
  const intervalsB = asIntervals(b);
  if (intervalsA === null && intervalsB === null) return false;
  const left = intervalsA ?? (a.kind === 'sequence' || a.kind === 'union' ? textA : null);
  const right = intervalsB ?? (b.kind === 'sequence' || b.kind === 'union' ? textB : null);
  if (left !== null && right !== null) return same(left, right);
  return false;
}

/** The intervals a relation, or a list of relations ("x < -1 or x > 2"), describes; null for anything else. */
function asIntervals(s: AnswerStructure): string | null {
  if (s.kind === 'relation') return relationAsIntervals(s);
  if (s.kind !== 'set' || s.written !== 'list') return null;
  const parts: string[] = [];
  for (const item of s.items) {
    const relation = parseAnswerStructure(normalizeMathAnswer(item));
    const intervals = relation.kind === 'relation' ? relationAsIntervals(relation) : null;
    if (intervals === null) return null;
    parts.push(intervals);
  }
  return parts.join('\\cup');
}

/**
 * A list or a `\pm` pair against a tuple `(a, b)`: the same items in the order written. A model
 * that drops the parentheses of an ordered pair still gives its values in order; a set written
 * with `\{ \}` is a set, and an interval with a square bracket is an interval, so neither matches.
 */
function listAsTuple(list: AnswerStructure & { kind: 'set' }, tuple: AnswerStructure & { kind: 'sequence' }, same: Same): boolean {
  return list.written !== 'braces' && tuple.open === '(' && tuple.close === ')' && orderedEquivalent(list.items, tuple.items, same);
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
