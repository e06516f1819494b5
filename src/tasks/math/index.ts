export { type CasComparison, casCompare, stopCasWorker } from './cas-compare.ts';
export { extractAnswerPhrase } from './extract-answer-phrase.ts';
export { extractBoxed } from './extract-boxed.ts';
export { extractMathAnswer } from './extract-math-answer.ts';
export { loadMathProblems } from './load-math-problems.ts';
export { mathAnswersEquivalent } from './math-answers-equivalent.ts';
export { gradeMathAnswer, mathTask } from './math-task.ts';
export { type NormalizeOptions, normalizeMathAnswer } from './normalize-math-answer.ts';
export { type AnswerStructure, parseAnswerStructure } from './parse-answer-structure.ts';
