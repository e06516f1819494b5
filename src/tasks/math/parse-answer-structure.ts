/** The shape of a normalised answer, which decides how two answers are compared. */
export type AnswerStructure =
  | { kind: 'scalar'; text: string }
  /** A tuple `(a,b)` or an interval `[a,b)`: ordered, brackets significant. */
  | { kind: 'sequence'; open: string; close: string; items: string[] }
  /** `\{a,b\}`, a bare list `a, b` (MATH lists roots that way), or `a \pm b`: unordered. */
  | { kind: 'set'; items: string[] }
  /** Intervals joined by `\cup`: unordered. */
  | { kind: 'union'; parts: string[] }
  | { kind: 'matrix'; rows: string[][] };

export function parseAnswerStructure(s: string): AnswerStructure {
  const matrix = /^\\begin\{([a-zA-Z]*matrix)\}(.*)\\end\{\1\}$/s.exec(s);
  if (matrix) return { kind: 'matrix', rows: parseMatrixBody(matrix[2]!) };
  const parts = splitTopLevel(s, '\\cup');
  if (parts.length > 1) return { kind: 'union', parts };
  if (s.startsWith('\\{') && s.endsWith('\\}') && closingIndex(s, 1) === s.length - 1) {
    const inner = s.slice(2, -2);
    return { kind: 'set', items: inner === '' ? [] : splitTopLevel(inner, ',') };
  }
  if (/^[([]/.test(s) && /[)\]]$/.test(s) && closingIndex(s, 0) === s.length - 1) {
    const items = splitTopLevel(s.slice(1, -1), ',');
    if (items.length > 1) return { kind: 'sequence', open: s[0]!, close: s.at(-1)!, items };
    // Redundant parentheses, or a multiple-choice letter `(C)`.
    if (s.startsWith('(') && s.endsWith(')')) return parseAnswerStructure(s.slice(1, -1));
  }
  const items = splitTopLevel(s, ',');
  if (items.length > 1) return { kind: 'set', items };
  const plusMinus = expandPlusMinus(s);
  if (plusMinus) return { kind: 'set', items: plusMinus };
  return { kind: 'scalar', text: s };
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
