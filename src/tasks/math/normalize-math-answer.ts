export interface NormalizeOptions {
  /**
   * Read a bare `1,000` (digit groups of three after the first comma, no spaces) as one number.
   * Default true; false gives the other reading, a list `1, 000`, which the grader also tries.
   */
  bareThousands?: boolean;
}

/**
 * Canonical string form of a MATH answer: the Hendrycks `_strip_string` rules plus wrappers,
 * units, thousands separators and variable prefixes that models add. Two answers with the same
 * form are equivalent; the result stays valid LaTeX so the CAS can read it.
 */
export function normalizeMathAnswer(answer: string, options: NormalizeOptions = {}): string {
  let s = answer.replace(/[\r\n\t]+/g, ' ');
  s = replaceUnicode(s);
  s = removeSpacingCommands(s);
  s = replaceFractionVariants(s);
  s = removeDelimiterSizing(s);
  s = removeDegrees(s).replace(/\\?\$/g, '');
  s = removeTrailingUnits(s);
  s = s.replace(/,?\s*\\text\{\s*(?:and|or)\s*\}\s*/gi, ',');
  s = unwrapText(s);
  s = s.replace(/,?\s+(?:and|or)\s+/gi, ',').replace(/\\?%/g, '');
  s = s.trim().replace(/(?<!\.)[.;]$/, '').trim();
  s = stripVariablePrefix(s);
  s = removeBareUnits(s);
  s = removeThousandsSeparators(s, options.bareThousands ?? true);
  s = s.replace(/(^|[^\d])\.(\d)/g, (_, before: string, digit: string) => `${before}0.${digit}`);
  s = s.replace(/\\sqrt\s*([^\s{[\\])/g, '\\sqrt{$1}');
  s = removeSpaces(s);
  s = fixFractions(s);
  s = finishNumberForms(s);
  return s;
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
    .replace(/\\[dt]binom(?![a-zA-Z])/g, '\\binom')
    .replace(/\\leq(?![a-zA-Z])/g, '\\le')
    .replace(/\\geq(?![a-zA-Z])/g, '\\ge')
    .replace(/\\neq(?![a-zA-Z])/g, '\\ne');
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
  const text = s.replace(/(\d)\{,\}(?=\d)/g, '$1');
  if (bare && /^\s*[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?\s*$/.test(text)) return text.replace(/,/g, '');
  return text;
}

/** A variable, `f(x)`, `x_1` or `\theta`: a left-hand side an answer of the form `x = 5` may carry. */
const variable = /^(?:[a-zA-Z]|\\[a-zA-Z]+)(?:_\{?[a-zA-Z0-9]+\}?)?'?(?:\([a-zA-Z]\))?$/;

function stripVariablePrefix(s: string): string {
  const membership = /^\s*[a-zA-Z]\s*\\in(?![a-zA-Z])\s*/.exec(s);
  if (membership) return s.slice(membership[0].length);
  const sides = s.split('=');
  if (sides.length === 2 && variable.test(sides[0]!.trim()) && sides[1]!.trim() !== '') return sides[1]!.trim();
  return s;
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
