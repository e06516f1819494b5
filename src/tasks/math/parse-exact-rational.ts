/** A rational number as a fraction of big integers (denominator positive, not reduced). */
export interface Rational {
  numerator: bigint;
  denominator: bigint;
}

const decimal = String.raw`\d+(?:\.\d*)?`;
const integerOrDecimal = new RegExp(`^([-+]?)(${decimal})$`);
const fraction = new RegExp(`^([-+]?)\\\\frac\\{([-+]?${decimal})\\}\\{([-+]?${decimal})\\}$`);
const mixedNumber = /^([-+]?)(\d+)\\frac\{(\d+)\}\{(\d+)\}$/;

/**
 * The exact value of a normalised answer that is a plain number: `-12`, `0.25`, `\frac{3}{4}`,
 * `-\frac{-1}{2}` or a mixed number `2\frac{1}{2}` (proper fraction only: MATH writes 2½ that way).
 * Null for anything else, which then goes to the CAS.
 */
export function parseExactRational(s: string): Rational | null {
  const plain = integerOrDecimal.exec(s);
  if (plain) return withSign(plain[1]!, decimalToRational(plain[2]!));
  const frac = fraction.exec(s);
  if (frac) return withSign(frac[1]!, divide(decimalToRational(frac[2]!), decimalToRational(frac[3]!)));
  const mixed = mixedNumber.exec(s);
  if (mixed) {
    const whole = BigInt(mixed[2]!);
    const numerator = BigInt(mixed[3]!);
    const denominator = BigInt(mixed[4]!);
    if (denominator === 0n || numerator >= denominator) return null;
    return withSign(mixed[1]!, { numerator: whole * denominator + numerator, denominator });
  }
  return null;
}

export function rationalsEqual(a: Rational, b: Rational): boolean {
  return a.numerator * b.denominator === b.numerator * a.denominator;
}

/** True when `s` is an integer literal; such answers must match exactly, not within a tolerance. */
export function isIntegerLiteral(s: string): boolean {
  return /^[-+]?\d+$/.test(s);
}

function decimalToRational(text: string): Rational | null {
  const negative = text.startsWith('-');
  const digits = text.replace(/^[-+]/, '');
  const [whole, fractional = ''] = digits.split('.');
  const numerator = BigInt(`${whole}${fractional}` || '0');
  return { numerator: negative ? -numerator : numerator, denominator: 10n ** BigInt(fractional.length) };
}

function divide(a: Rational | null, b: Rational | null): Rational | null {
  if (!a || !b || b.numerator === 0n) return null;
  const numerator = a.numerator * b.denominator;
  const denominator = a.denominator * b.numerator;
  return denominator < 0n ? { numerator: -numerator, denominator: -denominator } : { numerator, denominator };
}

function withSign(sign: string, value: Rational | null): Rational | null {
  if (!value) return null;
  return sign === '-' ? { numerator: -value.numerator, denominator: value.denominator } : value;
}
