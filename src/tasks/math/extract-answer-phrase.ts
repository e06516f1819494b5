/** Markers a model uses to state its result in words; the last one on the line counts. */
const marker = /^.*(?:final answer\s*(?:is|:)|the answer is|answer\s*:)[\s:]*/i;
const maxAnswerLength = 120;

/**
 * The answer an unboxed output states at its very end: "... the answer is $5$." or
 * "Final Answer: 5". Conservative on purpose: only the last non-empty line is read (or the line
 * after a bare "**Final Answer**" heading), so an "answer is" in the middle of the reasoning is
 * never taken for the result.
 */
export function extractAnswerPhrase(text: string): string | null {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const last = lines.at(-1);
  if (last === undefined) return null;
  const onLast = marker.exec(last);
  if (onLast) return cleanAnswer(last.slice(onLast[0].length));
  const previous = lines.at(-2);
  if (previous !== undefined && isBareHeading(previous)) return cleanAnswer(last);
  return null;
}

function isBareHeading(line: string): boolean {
  return /^[#*\s]*(?:final answer|answer)[\s*:]*$/i.test(line);
}

function cleanAnswer(raw: string): string | null {
  let text = raw
    .replace(/\bI hope it is correct\.?\s*$/i, '')
    .replace(/\*\*/g, '')
    .trim();
  const math = /\$\$([^$]+)\$\$|\$([^$]+)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]/.exec(text);
  if (math) text = (math[1] ?? math[2] ?? math[3] ?? math[4] ?? '').trim();
  text = text.replace(/[.\s]+$/, '').trim();
  if (text === '' || text.length > maxAnswerLength) return null;
  return text;
}
