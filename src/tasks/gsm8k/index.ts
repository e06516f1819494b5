export { evaluateArithmetic } from './evaluate-arithmetic.ts';
export { extractGsm8kAnswer } from './extract-gsm8k-answer.ts';
export { gsm8kTask } from './gsm8k-task.ts';
export { asciiNumerals, canonicalNumber, numbersEqual, parseNumber } from './parse-number.ts';
