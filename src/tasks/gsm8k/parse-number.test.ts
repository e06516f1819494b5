import { describe, expect, it } from 'vitest';
import { asciiNumerals, canonicalNumber, numberPattern, parseNumber } from './parse-number.ts';

describe('asciiNumerals', () => {
  it.each([
    ['unicode minus', '\u22125', '-5'],
    ['full-width digits and point', '\uff11\uff12\uff0e\uff15', '12.5'],
    ['vulgar half', '\u00bd', '1/2'],
    ['mixed vulgar', '2\u00bd', '5/2'],
    ['mixed vulgar with a space', '2 \u00be', '11/4'],
    ['vulgar after a word keeps its space', 'is \u2153', 'is 1/3'],
    ['fraction slash', '3\u20444', '3/4'],
    ['thin and no-break spaces', '1\u202f000\u00a0000', '1 000 000'],
    ['en dash as a sign', 'is \u20135', 'is -5'],
    ['en dash in a range stays', '10\u201320', '10\u201320'],
    ['a lone CJK numeral', '\u4e09', '3'],
    ['a CJK numeral with units', '\u4e8c\u5341\u4e94', '25'],
    ['a CJK numeral inside a word stays', '\u4e00\u4e2a', '\u4e00\u4e2a'],
  ])('%s', (_, input, expected) => {
    expect(asciiNumerals(input)).toBe(expected);
  });
});

describe('canonicalNumber', () => {
  it.each([
    // US thousands: GSM8K's own convention (`#### 1,006`), so the ambiguous `1,234` is 1234.
    ['1,234', '1234'],
    ['12,345,678', '12345678'],
    ['$1,234.50', '1234.5'],
    // A comma that cannot separate thousands is a decimal comma.
    ['1000,99', '1000.99'],
    ['2,74', '2.74'],
    ['1,5', '1.5'],
    ['0,111', '0.111'],
    ['1,2345', '1.2345'],
    // Dots grouping thousands before a decimal comma; a lone dot is a decimal point.
    ['1.234,56', '1234.56'],
    ['1.234', '1.234'],
    // Spaced thousands.
    ['1 000', '1000'],
    ['12 345,6', '12345.6'],
    // Other forms.
    ['18.00', '18'],
    ['.5', '0.5'],
    ['-3', '-3'],
    ['3/4', '0.75'],
    ['-\u00bd', '-0.5'],
    ['1e3', '1000'],
    ['50%', '50'],
    ['\u22127', '-7'],
  ])('%s → %s', (raw, expected) => {
    expect(canonicalNumber(raw)).toBe(expected);
  });

  it.each(['', 'many', 'abc', '12abc'])('%j is not a number', (raw) => {
    expect(canonicalNumber(raw)).toBeNull();
  });
});

describe('numberPattern', () => {
  const tokens = (text: string): string[] => text.match(numberPattern) ?? [];

  it.each([
    ['a glued unit keeps the number', 'it weighs 18kg', ['18']],
    ['an ordinal keeps the number', 'the 4th step', ['4']],
    ['glued letters make no number', 'code 42abc here', []],
    ['a minus after a digit is subtraction', '10-3', ['10', '3']],
    ['a leading minus is a sign', 'is -3', ['-3']],
    ['thousands and a decimal point', 'paid $1,234.50.', ['$1,234.50']],
    ['a list with spaces is two numbers', '1, 000', ['1', '000']],
    ['a date is not a fraction', '12/25/2020', ['12']],
  ])('%s', (_, text, expected) => {
    expect(tokens(text)).toEqual(expected);
  });

  it('parseNumber reads the first number of a text', () => {
    expect(parseNumber('about 2\u00bd hours, then 3')).toBe('2.5');
    expect(parseNumber('no digits')).toBeNull();
  });
});
