const boxCommand = /\\(?:boxed|fbox)(?![a-zA-Z])/g;

/**
 * Content of the last `\boxed{...}` / `\fbox{...}` in `text` (braces may nest), or of a brace-less
 * `\boxed 5` (one token). Null when there is no box, or when the last one never closes: a truncated
 * final box is no answer, and an earlier box is not what the model finally said.
 */
export function extractBoxed(text: string): string | null {
  let last = -1;
  for (const match of text.matchAll(boxCommand)) last = match.index + match[0].length;
  if (last < 0) return null;
  return readBoxArgument(text, last);
}

/** One complete box of an output: its content and where the whole `\\boxed{...}` starts and ends. */
export interface Box {
  content: string;
  start: number;
  end: number;
}

/**
 * Every box of `text` in order, or null when the last box command never closes (a truncated
 * final answer: an earlier box is not what the model finally said). A box inside another box is
 * part of its content, not a box of its own.
 */
export function extractBoxes(text: string): Box[] | null {
  const boxes: Box[] = [];
  let covered = 0;
  let lastOpen = false;
  let closers: Map<number, number> | null = null;
  for (const match of text.matchAll(boxCommand)) {
    if (match.index < covered) continue;
    closers ??= matchingBraces(text);
    const argument = readBoxArgumentAt(text, match.index + match[0].length, closers);
    lastOpen = argument === null;
    if (argument === null) continue;
    boxes.push({ content: argument.text, start: match.index, end: argument.end });
    covered = argument.end;
  }
  return lastOpen ? null : boxes;
}

function readBoxArgument(text: string, start: number): string | null {
  return readBoxArgumentAt(text, start)?.text ?? null;
}

function readBoxArgumentAt(text: string, start: number, closers?: ReadonlyMap<number, number>): { text: string; end: number } | null {
  let i = start;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  if (text[i] === '{') {
    const close = closers ? closers.get(i) : undefined;
    const inner = closers ? (close === undefined ? null : text.slice(i + 1, close)) : readBraced(text, i);
    return inner === null ? null : { text: inner, end: i + inner.length + 2 };
  }
  // Hendrycks' own solutions write `\boxed 2$`: the token ends at whitespace, `$` or a brace.
  if (i === start && text[i] !== '\\') return null;
  const token = /^(\\[a-zA-Z]+|[^\s${}\\]+)/.exec(text.slice(i, i + 200));
  if (!token) return null;
  const value = token[1]!.replace(/[.,;]+$/, '');
  return value === '' ? null : { text: value, end: i + token[1]!.length };
}

/** For every `{` that closes, the index of its `}` (one pass; a backslash-escaped brace does not count). */
function matchingBraces(text: string): Map<number, number> {
  const closers = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') i++;
    else if (char === '{') open.push(i);
    else if (char === '}') {
      const start = open.pop();
      if (start !== undefined) closers.set(start, i);
    }
  }
  return closers;
}

/** The text inside the balanced group opening at `open`; a backslash-escaped brace does not count. */
function readBraced(text: string, open: number): string | null {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') {
      i++;
      continue;
    }
    if (char === '{') depth++;
    else if (char === '}') {
      depth--;
      if (depth === 0) return text.slice(open + 1, i);
    }
  }
  return null;
}
