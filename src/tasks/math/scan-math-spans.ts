/** A piece of a model output: prose, or the inside of one math span. */
export interface TextSegment {
  kind: 'math' | 'text';
  /** For math, the content without its delimiters. */
  text: string;
  /** Offsets in the scanned string, delimiters included. */
  start: number;
  end: number;
}

/**
 * Splits text into math spans and the prose between them. `$...$` and `\(...\)` are inline and end
 * at a newline (a `$` whose partner is on another line is a currency sign or a typo, not math);
 * `$$...$$` and `\[...\]` are display math and may span lines. An escaped `\$` never delimits. An
 * unclosed delimiter is prose.
 */
export function scanMathSpans(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  const unclosed = new Map<string, number>();
  let proseStart = 0;
  let i = 0;
  const flushProse = (end: number): void => {
    if (end > proseStart) segments.push({ kind: 'text', text: text.slice(proseStart, end), start: proseStart, end });
  };
  while (i < text.length) {
    const span = readSpan(text, i, unclosed);
    if (span === null) {
      i += text[i] === '\\' ? 2 : 1;
      continue;
    }
    flushProse(i);
    segments.push({ kind: 'math', text: text.slice(span.contentStart, span.contentEnd), start: i, end: span.end });
    i = span.end;
    proseStart = i;
  }
  flushProse(text.length);
  return segments;
}

interface Span {
  contentStart: number;
  contentEnd: number;
  end: number;
}

const delimiters: ReadonlyArray<{ open: string; close: string; inline: boolean }> = [
  { open: '$$', close: '$$', inline: false },
  { open: '\\[', close: '\\]', inline: false },
  { open: '\\(', close: '\\)', inline: true },
  { open: '$', close: '$', inline: true },
];

/**
 * The span opening at `at`, or null. `unclosed` remembers, per opening delimiter, up to where a
 * search already found no closing one, so that many unclosed delimiters cost one pass, not one
 * pass each.
 */
function readSpan(text: string, at: number, unclosed: Map<string, number>): Span | null {
  for (const { open, close, inline } of delimiters) {
    if (!text.startsWith(open, at)) continue;
    const contentStart = at + open.length;
    if (contentStart < (unclosed.get(open) ?? -1)) return null;
    for (let j = contentStart; j < text.length; j++) {
      if (inline && text[j] === '\n') {
        unclosed.set(open, j);
        return null;
      }
      if (text.startsWith(close, j) && !(close === '$' && text[j - 1] === '\\')) {
        // `$$` opens display math; a lone `$` right after the content start is an empty inline span.
        if (close === '$' && j === contentStart) return null;
        return { contentStart, contentEnd: j, end: j + close.length };
      }
      if (text[j] === '\\' && close !== '$' && text[j + 1] !== undefined && !text.startsWith(close, j)) j++;
    }
    unclosed.set(open, text.length);
    return null;
  }
  return null;
}
