import { splitTopLevel } from './parse-answer-structure.ts';

export interface NormalizeOptions {
  /**
   * Read a bare `1,000` (digit groups of three after the first comma, no spaces) as one number.
   * Default true; false gives the other reading, a list `1, 000`, which the grader also tries.
   */
  bareThousands?: boolean;
  /**
   * Keep a variable label (`y = 2x + 3`). Default false: the label is dropped as Hendrycks does,
   * so `y = 2x` reads `2x`; the grader also tries the labelled reading to compare equations.
   */
  keepLabel?: boolean;
}

/**
 * Canonical string form of a MATH answer: the Hendrycks `_strip_string` rules plus what models
 * add around a value (wrappers, units, percent words, thousands separators, labels, equality
 * chains, appended approximations, stray punctuation) and one spelling per relation. Two answers
 * with the same form are equivalent; the result stays valid LaTeX so the CAS can read it. Every
 * rule and its reason: docs/MATH-GRADER.md.
 */
export function normalizeMathAnswer(answer: string, options: NormalizeOptions = {}): string {
  let s = answer.replace(/[\r\n\t]+/g, ' ');
  s = replaceUnicode(s);
  s = removeSpacingCommands(s);
  s = replaceFractionVariants(s);
  s = replaceRelationSpellings(s);
  s = removeDelimiterSizing(s);
  s = removeDegrees(s).replace(/\\?\$/g, '');
  s = percentWordsToSign(s);
  s = removeTrailingUnits(s);
  s = s.replace(/,?\s*\\text\{\s*(?:and|or)\s*\}\s*/gi, ',');
  s = unwrapText(s);
  s = s.replace(/,?\s+(?:and|or)\s+/gi, ',').replace(/\\?%/g, '');
  s = trimEnds(s);
  s = keepExactPart(s);
  s = stripVariablePrefix(s, options.keepLabel ?? false);
  s = removeBareUnits(s);
  s = removeThousandsSeparators(s, options.bareThousands ?? true);
  s = s.replace(/(^|[^\d])\.(\d)/g, (_, before: string, digit: string) => `${before}0.${digit}`);
  s = s.replace(/\\sqrt\s*([^\s{[\\])/g, '\\sqrt{$1}');
  s = removeSpaces(s);
  s = fixFractions(s);
  s = finishNumberForms(s);
  return removeOuterGroup(s);
}

const unicode: ReadonlyArray<readonly [RegExp, string]> = [
  [/\u2212|\u2013/g, '-'],
  [/\u03c0/g, '\\pi '],
  [/\u221e/g, '\\infty '],
  [/\u2264/g, '\\le '],
  [/\u2265/g, '\\ge '],
  [/\u00d7/g, '\\times '],
  [/\u00b7|\u22c5/g, '\\cdot '],
  [/\u221a/g, '\\sqrt'],
  [/\u2260/g, '\\ne '],
  [/\u00b1/g, '\\pm '],
  [/\u2213/g, '\\mp '],
  [/\u2248/g, '\\approx '],
  [/\u2a7d/g, '\\le '],
  [/\u2a7e/g, '\\ge '],
  [/\u00b2/g, '^2'],
  [/\u00b3/g, '^3'],
  [/[\u20ac\u00a3\u00a5]|\\euro(?![a-zA-Z])|\\pounds(?![a-zA-Z])/g, ''],
  [/\u00a0/g, ' '],
  [/\\lbrace(?![a-zA-Z])/g, '\\{'],
  [/\\rbrace(?![a-zA-Z])/g, '\\}'],
];

function replaceUnicode(s: string): string {
  return unicode.reduce((text, [pattern, latex]) => text.replace(pattern, latex), s);
}

function removeSpacingCommands(s: string): string {
  // `75,\!075` is LaTeX's thousands separator, never a list.
  let text = s.replace(/(\d)\s*,\s*\\!\s*(?=\d)/g, '$1').replace(/\\!/g, '');
  // Hendrycks turns `\\` into `\` (doubly escaped strings); inside a matrix it separates rows.
  if (!text.includes('\\begin')) text = text.replace(/\\\\/g, '\\');
  text = text.replace(/(?<!\\)\\[,;:> ]|~|\\q?quad(?![a-zA-Z])/g, ' ');
  return text.replace(/\\displaystyle(?![a-zA-Z])/g, '');
}

function replaceFractionVariants(s: string): string {
  return s
    .replace(/\\[dtc]frac(?![a-zA-Z])/g, '\\frac')
    .replace(/\\[dt]binom(?![a-zA-Z])/g, '\\binom');
}

/**
 * One spelling per relation: `\le` for `\leq`, `\leqslant`, `<=`; `\ge` likewise; `\ne` for `\neq`,
 * `\not=` and `!=` (but `3!=6` keeps its factorial); `<` and `>` for `\lt` and `\gt`.
 */
function replaceRelationSpellings(s: string): string {
  return s
    .replace(/\\(?:leqslant|leq|le)(?![a-zA-Z])|<=/g, '\\le ')
    .replace(/\\(?:geqslant|geq|ge)(?![a-zA-Z])|>=/g, '\\ge ')
    .replace(/\\(?:neq|ne)(?![a-zA-Z])|\\not\s*=|(?<=[a-zA-Z\s)}])!=/g, '\\ne ')
    .replace(/\\lt(?![a-zA-Z])/g, '<')
    .replace(/\\gt(?![a-zA-Z])/g, '>');
}

/** `28 percent`, `28\text{ percent}`, `28 pct`: the word is the `%` sign (which is then dropped). */
function percentWordsToSign(s: string): string {
  return s.replace(/([\d}])\s*(?:\\(?:text|mbox|textrm|mathrm)\s*\{\s*)?(?:percent(?:age)?|per\s*cent|pct)\.?(?:\s*\})?(?![a-zA-Z])/gi, '$1%');
}

/** A final `.`, `;` or `,` (but not an ellipsis) and stray trailing backslashes (`185\`) are not part of the answer. */
function trimEnds(s: string): string {
  let text = s.trim();
  for (;;) {
    const next = text.replace(/\\+$/, '').replace(/(?<!\.)[.;,]$/, '').trim();
    if (next === text) return text;
    text = next;
  }
}

/**
 * `\frac{\sqrt3}{3} \approx 0.577`: an exact answer with a decimal approximation appended is the
 * exact answer; `x \approx 11` (a label before it) is the approximation. Anything else after
 * `\approx` (`\frac23 \approx 0.67+1`) is not an appended approximation and stays.
 */
function keepExactPart(s: string): string {
  const parts = splitTopLevel(s, '\\approx');
  if (parts.length !== 2) return s;
  const [exact, approximation] = parts as [string, string];
  if (exact === '' || variable.test(exact)) return approximation;
  return /^[-+]?\d*\.?\d+$/.test(approximation.replace(/\s+/g, '')) ? exact : s;
}

function removeDelimiterSizing(s: string): string {
  return s.replace(/\\(?:left|right)(?![a-zA-Z])\s*\.?/g, '').replace(/\\[Bb]igg?[lr]?(?![a-zA-Z])/g, '');
}

function removeDegrees(s: string): string {
  return s.replace(/\^\s*\{\s*\\circ\s*\}|\^\s*\\circ(?![a-zA-Z])|\\degree(?![a-zA-Z])|\u00b0/g, '');
}

const textCommand = /\\(?:mbox|textrm|textnormal|textup|textbf|textit|textsf|mathrm|mathbf|mathit|mathsf|mathnormal|text)\s*\{/g;

/** `5\text{ cm}`, `135\text{ square feet}`, `25\,\text{km}^2`: a trailing word group after a value is a unit. */
function removeTrailingUnits(s: string): string {
  let text = s.replace(textCommand, '\\text{');
  for (let round = 0; round < 3; round++) {
    const match = /^(.*?\S)\s*\\text\{([^{}]*)\}\s*(?:\^\s*\{?\s*[23]\s*\}?)?\s*\.?\s*$/.exec(text);
    if (!match || !/^[\sa-zA-Z./]*[a-zA-Z][\sa-zA-Z./]*$/.test(match[2]!)) break;
    const value = match[1]!;
    if (/(?:^|[\s,({=+\-*/^])$/.test(value) || /\\text\{[^{}]*$/.test(value)) break;
    text = value;
  }
  return text;
}

function unwrapText(s: string): string {
  let text = s.replace(textCommand, '\\text{');
  for (let round = 0; round < 5 && text.includes('\\text{'); round++) {
    text = text.replace(/\\text\{([^{}]*)\}/g, '$1');
  }
  return text;
}

function removeThousandsSeparators(s: string, bare: boolean): string {
  const text = s.replace(/(\d)\s*\{\s*,\s*\}\s*(?=\d)/g, '$1');
  if (bare && /^\s*[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?\s*$/.test(text)) return text.replace(/,/g, '');
  return text;
}

const name = String.raw`(?:[a-zA-Z]|\\[a-zA-Z]+)(?:_\{?[a-zA-Z0-9]+\}?)?'?`;
/**
 * A left-hand side an answer of the form `x = 5` may carry: a variable, `x_1`, `\theta`, `f(x)` or
 * `f(2)`, a word (`AB`, `Area`), or a tuple of variables (`(p,q) = (3,2)`).
 */
const variable = new RegExp(String.raw`^\s*(?:${name}(?:\([a-zA-Z0-9+-]+\))?|[a-zA-Z]{2,12}|\(\s*${name}(?:\s*,\s*${name})+\s*\))\s*$`);

/**
 * Drops what stands before the value: `x \in`, a label (`x =`, `(p,q) =`), the steps of an
 * equality chain (`x = 5+5+1 = 11` reads `11`) and a constant left side (`3 \cdot 4 = 12` reads
 * `12`). An equation between expressions (`x^2+y^2=13`, `7 = 11a+c`) is kept.
 */
function stripVariablePrefix(s: string, keepLabel: boolean): string {
  const membership = /^\s*[a-zA-Z]\s*\\in(?![a-zA-Z])\s*/.exec(s);
  if (membership) return s.slice(membership[0].length);
  if (splitTopLevel(s, ',').length > 1) {
    // A list: only a single label before it (`x = 1, 2`); `x=1, x=2` is handled item by item.
    const sides = s.split('=');
    if (!keepLabel && sides.length === 2 && variable.test(sides[0]!) && sides[1]!.trim() !== '') return sides[1]!.trim();
    return s;
  }
  const parts = splitTopLevel(s, '=');
  if (parts.length >= 3 && parts.every((part) => part !== '')) return parts.at(-1)!;
  if (parts.length !== 2 || parts[1] === '') return s;
  const [left, right] = parts as [string, string];
  if (!keepLabel && variable.test(left)) return right;
  if (isConstant(left) && isConstant(right)) return right;
  return s;
}

/** An expression without unknowns: digits, operators, `\frac`, `\sqrt`, `\pi`. */
function isConstant(s: string): boolean {
  const bare = s.replace(/\\(?:frac|sqrt|pi|cdot|times|div|left|right)(?![a-zA-Z])/g, '');
  return /\d/.test(s) && !/[a-zA-Z\\]/.test(bare);
}

/** `{1,2}` is a TeX group (it prints `1,2`), not a set: the braces go. */
function removeOuterGroup(s: string): string {
  let text = s;
  while (text.startsWith('{') && text.endsWith('}') && groupEnd(text) === text.length - 1) text = text.slice(1, -1);
  return text;
}

/** Index of the `}` closing the `{` at 0; escaped braces do not count. */
function groupEnd(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Words that are mathematics, not units, after a number. */
const mathWords = new Set(['pi', 'and', 'or', 'i', 'e', 'sqrt', 'infty']);

function removeBareUnits(s: string): string {
  const match = /^([-+]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:\s*\\frac\{\d+\}\{\d+\})?)\s+([a-zA-Z][a-zA-Z.]*(?:\s+[a-zA-Z][a-zA-Z.]*)*)$/.exec(s);
  if (!match) return s;
  const words = match[2]!.split(/\s+/);
  if (words.some((word) => word.replace(/\.$/, '').length < 2 || mathWords.has(word.toLowerCase()))) return s;
  return match[1]!;
}

/** Hendrycks drops every space; a space between a command and a letter (`\pi r`) is kept so it stays LaTeX. */
function removeSpaces(s: string): string {
  return s
    .replace(/(\\[a-zA-Z]+)\s+(?=[a-zA-Z])/g, '$1\u0000')
    .replace(/\s+/g, '')
    .replace(/\u0000/g, ' ');
}

/** `\frac12` → `\frac{1}{2}`, `\frac a{b}` → `\frac{a}{b}` (also `\binom`), at any depth. */
export function fixFractions(s: string): string {
  const match = /\\(frac|binom)(?![a-zA-Z])/.exec(s);
  if (!match) return s;
  const start = match.index;
  const afterCommand = start + match[0].length;
  const first = readArgument(s, afterCommand);
  const second = first && readArgument(s, first.end);
  if (!first || !second) return s.slice(0, afterCommand) + fixFractions(s.slice(afterCommand));
  return `${s.slice(0, start)}\\${match[1]}{${fixFractions(first.text)}}{${fixFractions(second.text)}}${fixFractions(s.slice(second.end))}`;
}

interface Argument {
  text: string;
  end: number;
}

/** One TeX macro argument at `from`: a braced group, a command, or a single character. */
function readArgument(s: string, from: number): Argument | null {
  let i = from;
  while (s[i] === ' ') i++;
  if (i >= s.length) return null;
  if (s[i] === '{') {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      if (s[j] === '\\') {
        j++;
        continue;
      }
      if (s[j] === '{') depth++;
      else if (s[j] === '}' && --depth === 0) return { text: s.slice(i + 1, j), end: j + 1 };
    }
    return null;
  }
  if (s[i] === '\\') {
    const command = /^\\(?:[a-zA-Z]+|.)/.exec(s.slice(i));
    return command ? { text: command[0], end: i + command[0].length } : null;
  }
  if (s[i] === '}') return null;
  return { text: s[i]!, end: i + 1 };
}

function finishNumberForms(s: string): string {
  let text = s.replace(/^\+(?=.)/, '');
  if (text === '0.5') return '\\frac{1}{2}';
  const slash = /^(-?)(\d+)\/(\d+)$/.exec(text);
  if (slash) text = `${slash[1]}\\frac{${slash[2]}}{${slash[3]}}`;
  return text.replace(/([_^])\{([a-zA-Z0-9])\}/g, '$1$2');
}
