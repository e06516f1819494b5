import { describe, expect, it } from 'vitest';
import { scanMathSpans } from './scan-math-spans.ts';

const shape = (text: string): string[] => scanMathSpans(text).map((segment) => `${segment.kind}:${segment.text}`);

describe('scanMathSpans', () => {
  it.each([
    ['inline dollars', 'so $x=1$.', ['text:so ', 'math:x=1', 'text:.']],
    ['display dollars across lines', 'A $$\n9\n$$ B', ['text:A ', 'math:\n9\n', 'text: B']],
    ['brackets and parens', '\\(a\\) and \\[b\\]', ['math:a', 'text: and ', 'math:b']],
    ['inline math never crosses a line', 'Answer $ \n 9 \n $', ['text:Answer $ \n 9 \n $']],
    ['an escaped dollar is not a delimiter', 'costs \\$5 and $x$', ['text:costs \\$5 and ', 'math:x']],
    ['an escaped dollar inside math', '$ \\frac12 \\$ = 3 $', ['math: \\frac12 \\$ = 3 ']],
    ['an unclosed delimiter is prose', 'only $5 here', ['text:only $5 here']],
    ['empty', '', []],
  ])('%s', (_, text, expected) => {
    expect(shape(text)).toEqual(expected);
  });

  it('keeps offsets of the delimited spans', () => {
    const [prose, math] = scanMathSpans('ab $cd$');
    expect(prose).toMatchObject({ start: 0, end: 3 });
    expect(math).toMatchObject({ start: 3, end: 7, text: 'cd' });
  });
});
