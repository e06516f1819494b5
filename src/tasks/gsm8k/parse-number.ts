/**
 * Numbers as people and models write them. GSM8K answers are single numbers, so a comma inside
 * a number is never a list separator; which separator it is follows from the digit groups:
 *
 * - `1,234` and `12,345,678` (groups of three after a first group of 1-3 digits, not starting
 *   with 0): thousands. GSM8K is written in US English and its own references use commas this
 *   way (`#### 1,006`), so the ambiguous `1,234` is one thousand two hundred thirty-four.
 * - `1000,99`, `2,74`, `1,5`, `0,111` (any other digit grouping): a decimal comma.
 * - `1.234,56`: dots group thousands, the comma is the decimal mark. A lone `1.234` is a decimal.
 * - `1 000`, `12 345,6` (a space, no-break or thin space before each group of three): thousands.
 */
const groupedThousands = String.raw`[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?`;
const dottedThousands = String.raw`[1-9]\d{0,2}(?:\.\d{3})+,\d+`;
const spacedThousands = String.raw`[1-9]\d{0,2}(?: \d{3})+(?:[.,]\d+)?`;
const decimalComma = String.raw`\d+,\d+`;
const plain = String.raw`\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\.\d+`;
const fraction = String.raw`\d+\/\d+(?![\d/])`;
/**
 * What a number may be glued to and stay that number: a unit (`18kg`, `60%`, `2k`) or an ordinal
 * suffix (`4th`). Any other glued letter makes the token not a number: `42abc` is not 42.
 */
const gluedUnits = String.raw`(?:%|(?:km|kg|cm|mm|ml|m|g|l|h|hr|hrs|min|mins|s|sec|lb|lbs|oz|ft|mph|pm|am|k|st|nd|rd|th)(?![a-zA-Z]))`;
const numberBody = `(?:${fraction}|${dottedThousands}|${groupedThousands}|${spacedThousands}|${decimalComma}|${plain})`;

/** One number token in prose: optional minus and currency sign, a `numberBody`, then no glued digit or letter. */
export const numberPattern = new RegExp(String.raw`(?<![\w.,/\\])(?:-\s?)?(?:[$€£¥₹]\s?)?${numberBody}(?=${gluedUnits}|(?![a-zA-Z\d])(?![.,]\d))`, 'g');

/**
 * Maps what models write for digits and signs to ASCII: full-width digits and punctuation, the
 * Unicode minus (U+2212) and other dashes used as a sign, no-break and thin spaces, the fraction
 * slash, and vulgar fractions (`½` → `1/2`, `2½` → `5/2`).
 */
export function asciiNumerals(text: string): string {
  return text
    .replace(/[\uff10-\uff19]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xff10 + 48))
    .replace(/\uff0e/g, '.')
    .replace(/\uff0c/g, ',')
    .replace(/\uff05/g, '%')
    .replace(/\uff04/g, '$')
    .replace(/[\u2212\u2012\ufe63\uff0d\u2796]/g, '-')
    .replace(/(^|[\s(=:])[\u2013\u2014](?=\s?\d)/g, '$1-')
    .replace(/[\u00a0\u2007\u2009\u202f]/g, ' ')
    .replace(/\u2044/g, '/')
    .replace(/(?:(\d+) ?)?([\u00bc-\u00be\u2150-\u215e\u2189])/g, (_, whole: string | undefined, vulgar: string) => vulgarFraction(whole, vulgar))
    .replace(/(?<![\u3400-\u9fff])[〇零一二两三四五六七八九十百千万]+(?![\u3400-\u9fff])/g, (numeral) => String(chineseNumeral(numeral) ?? numeral));
}

const chineseDigits: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const chineseUnits: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** A Chinese numeral standing alone (`三` → 3, `二十五` → 25, `一千零八` → 1008); only one not inside Chinese words is read. */
function chineseNumeral(text: string): number | null {
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const char of text) {
    if (char in chineseDigits) digit = chineseDigits[char]!;
    else if (char in chineseUnits) {
      section += (digit ?? 1) * chineseUnits[char]!;
      digit = null;
    } else if (char === '万') {
      total += (section + (digit ?? 0)) * 10_000;
      section = 0;
      digit = null;
    } else return null;
  }
  return total + section + (digit ?? 0);
}

const vulgarFractions: Record<string, readonly [number, number]> = {
  '\u00bc': [1, 4], '\u00bd': [1, 2], '\u00be': [3, 4], '\u2150': [1, 7], '\u2151': [1, 9], '\u2152': [1, 10],
  '\u2153': [1, 3], '\u2154': [2, 3], '\u2155': [1, 5], '\u2156': [2, 5], '\u2157': [3, 5], '\u2158': [4, 5],
  '\u2159': [1, 6], '\u215a': [5, 6], '\u215b': [1, 8], '\u215c': [3, 8], '\u215d': [5, 8], '\u215e': [7, 8], '\u2189': [0, 3],
};

/** `½` → `1/2`; `2½` and `2 ½` → `5/2` (a mixed number). */
function vulgarFraction(whole: string | undefined, vulgar: string): string {
  const [numerator, denominator] = vulgarFractions[vulgar] ?? [0, 1];
  return `${Number(whole ?? 0) * denominator + numerator}/${denominator}`;
}

/**
 * The first number in `text` as a canonical decimal string ("1234.5", "-3", "18", "0.5", "50"),
 * or null when there is none.
 */
export function parseNumber(text: string): string | null {
  const match = asciiNumerals(text).match(numberPattern);
  return match ? canonicalNumber(match[0]) : null;
}

/**
 * The canonical decimal string of one number token: "$1,234.50" → "1234.5", "1 000" → "1000",
 * "1000,99" → "1000.99", "3/4" → "0.75", "-½" → "-0.5", "1e3" → "1000". Null when `raw` is not a
 * number.
 */
export function canonicalNumber(raw: string): string | null {
  const value = numberValue(raw);
  // Number() drops trailing zeros and leading dots: 18.00 -> 18, .5 -> 0.5.
  return value === null ? null : String(value);
}

function numberValue(raw: string): number | null {
  const text = asciiNumerals(raw).trim().replace(/\s*(?:%|percent)$/i, '');
  const match = new RegExp(String.raw`^(-?)\s?(?:[$€£¥₹]\s?)?(${numberBody})$`).exec(text);
  if (!match) {
    const loose = Number(text.replace(/[\s$,]/g, ''));
    return text !== '' && Number.isFinite(loose) ? loose : null;
  }
  const magnitude = bodyValue(match[2]!);
  if (magnitude === null) return null;
  return match[1] === '-' ? -magnitude : magnitude;
}

function bodyValue(body: string): number | null {
  let value: number;
  if (/^\d+\/\d+$/.test(body)) {
    const [numerator, denominator] = body.split('/').map(Number) as [number, number];
    value = denominator === 0 ? Number.NaN : numerator / denominator;
  } else if (new RegExp(`^${dottedThousands}$`).test(body)) value = Number(body.replace(/\./g, '').replace(',', '.'));
  else if (new RegExp(`^${groupedThousands}$`).test(body)) value = Number(body.replace(/,/g, ''));
  else value = Number(body.replace(/ /g, '').replace(',', '.'));
  return Number.isFinite(value) ? value : null;
}

export function numbersEqual(a: string, b: string, tolerance = 1e-6): boolean {
  const x = Number(a);
  const y = Number(b);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  return Math.abs(x - y) <= tolerance * Math.max(1, Math.abs(y));
}
