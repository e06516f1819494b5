import type { AnswerStructure, RelationOperator } from './parse-answer-structure.ts';
import { differencesProportional } from './scalar-answers-equivalent.ts';

type Relation = AnswerStructure & { kind: 'relation' };
type Same = (a: string, b: string) => boolean;

/** A variable an inequality may bound: a letter or a Greek command, with an optional subscript. */
const variableName = /^(?:[a-zA-Z]|\\[a-zA-Z]+)(?:_\{?[a-zA-Z0-9]+\}?)?$/;

/**
 * Whether two inequality chains say the same: the same signs once both read left to right with
 * `<`/`\le` (`5 \ge x` is `x \le 5`), with the same terms, or, for a single inequality, with
 * differences `lhs - rhs` that are positive multiples of each other (`-x > -1` ≡ `x < 1`). A flipped
 * sign (`x > 5` against `x < 5`) or a lost or gained `=` never matches.
 */
export function relationsEquivalent(a: Relation, b: Relation, same: Same): boolean {
  const x = readLeftToRight(a);
  const y = readLeftToRight(b);
  if (x.operators.join() !== y.operators.join()) return false;
  if (x.terms.every((term, i) => same(term, y.terms[i]!))) return true;
  if (x.terms.length !== 2) return false;
  const [leftX, rightX] = x.terms as [string, string];
  const [leftY, rightY] = y.terms as [string, string];
  const notEqual = x.operators[0] === '\\ne';
  if (notEqual && same(leftX, rightY) && same(rightX, leftY)) return true;
  return differencesProportional(`(${leftX})-(${rightX})`, `(${leftY})-(${rightY})`, notEqual ? 'nonzero' : 'positive');
}

/**
 * The interval(s) an inequality in one variable describes, as LaTeX: `0 < y \le 1` → `(0,1]`,
 * `x < 5` → `(-\infty,5)`, `5 \le x` → `[5,\infty)`, `x \ne 3` → `(-\infty,3)\cup(3,\infty)`.
 * Null when it is not of that form.
 */
export function relationAsIntervals(relation: Relation): string | null {
  const { terms, operators } = readLeftToRight(relation);
  if (terms.length === 3) {
    const [low, variable, high] = terms as [string, string, string];
    if (operators.includes('\\ne') || !bounds(variable, [low, high])) return null;
    return `${operators[0] === '<' ? '(' : '['}${low},${high}${operators[1] === '<' ? ')' : ']'}`;
  }
  if (terms.length !== 2) return null;
  const [left, right] = terms as [string, string];
  const operator = operators[0]!;
  if (operator === '\\ne') {
    const value = bounds(left, [right]) ? right : bounds(right, [left]) ? left : null;
    return value === null ? null : `(-\\infty,${value})\\cup(${value},\\infty)`;
  }
  if (bounds(left, [right])) return `(-\\infty,${right}${operator === '<' ? ')' : ']'}`;
  if (bounds(right, [left])) return `${operator === '<' ? '(' : '['}${left},\\infty)`;
  return null;
}

/** A chain written with `>`/`\ge` only, reversed so it reads with `<`/`\le`. */
function readLeftToRight(relation: Relation): { terms: string[]; operators: RelationOperator[] } {
  const { terms, operators } = relation;
  if (!operators.every((operator) => operator === '>' || operator === '\\ge')) return { terms, operators };
  return {
    terms: [...terms].reverse(),
    operators: [...operators].reverse().map((operator) => (operator === '>' ? '<' : '\\le')),
  };
}

/** `variable` is a variable, and none of `limits` mentions it. */
function bounds(variable: string, limits: readonly string[]): boolean {
  if (!variableName.test(variable)) return false;
  const escaped = variable.replace(/[\\{}^$.*+?()[\]|]/g, '\\$&');
  const mention = new RegExp(`(?<![a-zA-Z\\\\])${escaped}(?![a-zA-Z])`);
  return limits.every((limit) => !mention.test(limit));
}
