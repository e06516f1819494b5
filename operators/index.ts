import type { Operator } from './operator.ts';
import type { OperatorName } from './operator-names.ts';
import { cot } from './cot.ts';
import { customCodeGenerate } from './custom-code-generate.ts';
import { earlyStop } from './early-stop.ts';
import { generate } from './generate.ts';
import { multiCot } from './multi-cot.ts';
import { programmer } from './programmer.ts';
import { scEnsemble } from './sc-ensemble.ts';
import { selfRefine } from './self-refine.ts';
import { test } from './test.ts';

export const operators: Record<OperatorName, Operator> = {
  Generate: generate,
  CoT: cot,
  MultiCoT: multiCot,
  ScEnsemble: scEnsemble,
  SelfRefine: selfRefine,
  Programmer: programmer,
  EarlyStop: earlyStop,
  CustomCodeGenerate: customCodeGenerate,
  Test: test,
};

export { majority, type Solution } from './answers.ts';
export type { Operator, OperatorContext } from './operator.ts';
export { consumingOperators, isOperatorName, operatorNames, type OperatorName } from './operator-names.ts';
