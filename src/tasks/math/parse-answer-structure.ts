/** The shape of a normalised answer, which decides how two answers are compared. */
export type AnswerStructure =
  | { kind: 'scalar'; text: string }
  /** A tuple `(a,b)` or an interval `[a,b)`: ordered, brackets significant. */
  | { kind: 'sequence'; open: string; close: string; items: string[] }
  /**
   * `\{a,b\}`, a bare list `a, b` (MATH lists roots that way), or `a \pm b`: unordered. `written`
   * says which: a list or a `\pm` pair may stand for a tuple written without its parentheses.
   */
  | { kind: 'set'; items: string[]; written: 'braces' | 'list' | 'pm' }
  /** A chain of inequalities `a < x \le b` (or one `\ne`), as written. */
  | { kind: 'relation'; terms: string[]; operators: RelationOperator[] }
  /** Intervals joined by `\cup`: unordered. */
  | { kind: 'union'; parts: string[] }
  | { kind: 'matrix'; rows: string[][] };

export type RelationOperator = '<' | '\\le' | '>' | '\\ge' | '\\ne';

export function parseAnswerStructure(s: string): AnswerStructure {
  const matrix = /^\\begin\{([a-zA-Z]*matrix|array)\}(?:\{[^{}]*\})?(.*)\\end\{\1\}$/s.exec(s);
  if (matrix) return { kind: 'matrix', rows: parseMatrixBody(matrix[2]!) };
  const parts = splitTopLevel(s, '\\cup');
  if (parts.length > 1) return { kind: 'union', parts };
  if (s.startsWith('\\{') && s.endsWith('\\}') && closingIndex(s, 1) === s.length - 1) {
    const inner = s.slice(2, -2);
    return { kind: 'set', items: inner === '' ? [] : expandItems(splitTopLevel(inner, ',')), written: 'braces' };
  }
  if (/^[([]/.test(s) && /[)\]]$/.test(s) && closingIndex(s, 0) === s.length - 1) {
    const items = splitTopLevel(s.slice(1, -1), ',');
    if (items.length > 1) return { kind: 'sequence', open: s[0]!, close: s.at(-1)!, items };
    // Redundant parentheses, a multiple-choice letter `(C)`, or brackets around a matrix.
    if (s.startsWith('(') && s.endsWith(')')) return parseAnswerStructure(s.slice(1, -1));
    if (/^\[\s*\\begin\{/.test(s)) return parseAnswerStructure(s.slice(1, -1).trim());
  }
  const items = splitTopLevel(s, ',');
  if (items.length > 1) return { kind: 'set', items: expandItems(items), written: 'list' };
  const relation = parseRelation(s);
  if (relation) return relation;
  const plusMinus = expandPlusMinus(s);
  if (plusMinus) return { kind: 'set', items: plusMinus, written: 'pm' };
  return { kind: 'scalar', text: s };
}

/** List items with a `\pm` stand for two answers each: `\{1\pm\sqrt5, -2\}` has three elements. */
function expandItems(items: readonly string[]): string[] {
  return items.flatMap((item) => expandPlusMinus(item) ?? [item]);
}

const relationOperator = /\\(?:le|ge|ne)(?![a-zA-Z])|[<>]/y;

/** `a < x \le b`, `5 \ge x`, `x \ne 3`: terms split at top-level inequality signs (null for none). */
export function parseRelation(s: string): AnswerStructure | null {
  const terms: string[] = [];
  const operators: RelationOperator[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const char = s[i]!;
    if (depth === 0) {
      relationOperator.lastIndex = i;
      const match = relationOperator.exec(s);
      if (match) {
        terms.push(s.slice(start, i).trim());
        operators.push(match[0] as RelationOperator);
        i += match[0].length - 1;
        start = i + 1;
        continue;
      }
    }
    if (char === '\\') {
      if (s[i + 1] === '{') depth++;
      else if (s[i + 1] === '}') depth--;
      i++;
    } else if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) depth--;
  }
  if (operators.length === 0) return null;
  terms.push(s.slice(start).trim());
  if (terms.some((term) => term === '')) return null;
  return { kind: 'relation', terms, operators };
}

/** Splits at `separator` where no bracket of any kind is open (`[1,2)` counts as balanced). */
export function splitTopLevel(s: string, separator: string): string[] {
  const parts: string[] = [];
  const wordSeparator = /[a-zA-Z]$/.test(separator);
  let depth = 0;
  let start = 0;
  let i = 0;
  while (i < s.length) {
    if (depth === 0 && s.startsWith(separator, i) && !(wordSeparator && /[a-zA-Z]/.test(s[i + separator.length] ?? ''))) {
      parts.push(s.slice(start, i));
      i += separator.length;
      start = i;
      continue;
    }
    const char = s[i]!;
    if (char === '\\') {
      // `\{` and `\}` are brackets; any other escaped character (`\\`, `\,`) is not.
      if (s[i + 1] === '{') depth++;
      else if (s[i + 1] === '}') depth--;
      i += 2;
      continue;
    }
    if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) depth--;
    i++;
  }
  parts.push(s.slice(start));
  return parts.map((part) => part.trim());
}

/** Index of the bracket closing the one at `open`, or -1. */
function closingIndex(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const char = s[i]!;
    if (char === '\\' && s[i + 1] === '\\') i++;
    else if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char) && --depth === 0) return i;
  }
  return -1;
}

function parseMatrixBody(body: string): string[][] {
  const rows = body.split(/\\\\/).map((row) => row.trim());
  while (rows.length > 0 && rows.at(-1) === '') rows.pop();
  return rows.map((row) => row.split('&').map((cell) => cell.trim()));
}

/** `a \pm b` is the two answers `a + b` and `a - b`; `\pm` binds like a sign, so text substitution is exact. */
function expandPlusMinus(s: string): string[] | null {
  const signs = s.match(/\\(?:pm|mp)(?![a-zA-Z])/g);
  if (signs?.length !== 1) return null;
  const sign = /\\(?:pm|mp)(?![a-zA-Z])/;
  return [s.replace(sign, '+'), s.replace(sign, '-')];
}
