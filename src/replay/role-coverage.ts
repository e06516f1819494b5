import type { OperatorRole } from '../llm/chat-model.ts';
import { UncoveredRoleError } from './replay-errors.ts';
import { type ReplayModel, type ReplayTask, synthesizedRoles } from './replay-models.ts';

/**
 * The roles each operator's calls carry (operators/*.ts pass them as `meta.role`). EarlyStop
 * makes no call; Test calls only when the public tests fail.
 */
export const operatorRoles: Readonly<Record<string, readonly OperatorRole[]>> = {
  Generate: ['generate'],
  CoT: ['cot'],
  MultiCoT: ['cot'],
  ScEnsemble: ['sc-select'],
  SelfRefine: ['self-refine'],
  Programmer: ['programmer'],
  EarlyStop: [],
  CustomCodeGenerate: ['custom-code'],
  Test: ['test-reflect'],
};

export function isReplayTask(task: string): task is ReplayTask {
  return task === 'gsm8k' || task === 'humaneval';
}

/** Roles answered from recordings, then roles answered by a rule, for a task. */
export function coveredRoles(model: ReplayModel, task: string): { recorded: OperatorRole[]; synthesized: OperatorRole[] } {
  if (!isReplayTask(task)) return { recorded: [], synthesized: [] };
  const recorded = Object.keys(model.roles[task] ?? {}) as OperatorRole[];
  return { recorded, synthesized: (synthesizedRoles[task] ?? []).filter((role) => !recorded.includes(role)) };
}

/** Throws UncoveredRoleError (exit 2) when one of the operators needs a role the model neither recorded nor synthesizes. */
export function checkOperatorsCovered(model: ReplayModel, task: string, operators: readonly string[]): void {
  const { recorded, synthesized } = coveredRoles(model, task);
  const covered = new Set<string>([...recorded, ...synthesized]);
  const missing = [...new Set(operators.flatMap((operator) => (operatorRoles[operator] ?? []).filter((role) => !covered.has(role)).map((role) => `${operator} (${role})`)))];
  if (missing.length > 0) throw new UncoveredRoleError(model.name, task, missing, [...recorded, ...synthesized.map((role) => `${role} (synthesized)`)]);
}
