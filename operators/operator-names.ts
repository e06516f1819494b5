export const operatorNames = [
  'Generate',
  'CoT',
  'MultiCoT',
  'ScEnsemble',
  'SelfRefine',
  'Programmer',
  'EarlyStop',
  'CustomCodeGenerate',
  'Test',
] as const;
export type OperatorName = (typeof operatorNames)[number];

/** Names the MaAS code uses, accepted in topology strings. */
export const operatorAliases: Record<string, OperatorName> = {
  GenerateCoT: 'CoT',
  MultiGenerateCoT: 'MultiCoT',
};

/**
 * Operators that work on the previous layer's solutions. The others solve the query from
 * scratch, so the ready-queue scheduler may start them before earlier layers finish.
 */
export const consumingOperators: ReadonlySet<OperatorName> = new Set(['ScEnsemble', 'SelfRefine', 'Test', 'EarlyStop']);

export function isOperatorName(name: string): name is OperatorName {
  return (operatorNames as readonly string[]).includes(name);
}
