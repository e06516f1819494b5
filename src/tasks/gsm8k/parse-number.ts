/**
 * One number as people write it: sign, currency, thousands separators, decimals. A minus only
 * counts as a sign when it does not follow a word or digit, so "10-3" is not "-3".
 */
export const numberPattern = /(?<![\w.])-?\$?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|(?<![\w.])-?\$?\.\d+/g;

/**
 * Turns "$1,234.50", "-3", "18.00", ".5" or "50%" into a canonical decimal string
 * ("1234.5", "-3", "18", "0.5", "50"); null when there is no number.
 */
export function parseNumber(text: string): string | null {
  const match = text.match(numberPattern);
  if (!match) return null;
  return canonicalNumber(match[0]);
}

export function canonicalNumber(raw: string): string | null {
  const cleaned = raw.replace(/[\s$,]/g, '');
  const value = Number(cleaned);
  if (!Number.isFinite(value)) return null;
  // Number() drops trailing zeros and leading dots: 18.00 -> 18, .5 -> 0.5.
  return String(value);
}

export function numbersEqual(a: string, b: string, tolerance = 1e-6): boolean {
  const x = Number(a);
  const y = Number(b);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  return Math.abs(x - y) <= tolerance * Math.max(1, Math.abs(y));
}
