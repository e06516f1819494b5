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

function readBoxArgument(text: string, start: number): string | null {
  let i = start;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  if (text[i] === '{') return readBraced(text, i);
  // Hendrycks' own solutions write `\boxed 2$`: the token ends at whitespace, `$` or a brace.
  if (i === start && text[i] !== '\\') return null;
  const token = /^(\\[a-zA-Z]+|[^\s${}\\]+)/.exec(text.slice(i));
  if (!token) return null;
  return token[1]!.replace(/[.,;]+$/, '') || null;
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
