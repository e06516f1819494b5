import type { CallScope, LlmClient } from '../llm/llm-client.ts';
import type { Problem, Task } from '../tasks/task.ts';
import { type PlanRequest, planPrompt } from './plan-prompts.ts';
import { teamMeta } from './team-meta.ts';

/** Repeated planning samples one prompt; only a high temperature makes the plans differ. */
export const repeatedPlanTemperature = 1.0;
/** Diverse plans and retry plans differ through their prompts; a moderate temperature is enough. */
export const guidedPlanTemperature = 0.7;
/** A 3-5 bullet plan is far shorter; the cap only bounds a runaway answer. */
const planMaxTokens = 400;

export interface PlanCall {
  llm: LlmClient;
  scope: CallScope;
  task: Task;
  problem: Problem;
  request: PlanRequest;
  temperature: number;
  /** Distinct per team and attempt: repeated samples of one prompt must stay distinct samples (and cache entries). */
  sampleIndex: number;
}

export interface WrittenPlan {
  text: string;
  /** On the query's timeline (ms). */
  start: number;
  end: number;
  /** The call's completion tokens: on the team's critical path. */
  completionTokens: number;
}

/** One planner call (meta role `plan`). The plan is kept whole: it is what the team's operators are shown. */
export async function writePlan(call: PlanCall): Promise<WrittenPlan> {
  const start = call.scope.timeline.now();
  const response = await call.llm.chat(call.scope, {
    messages: planPrompt(call.request),
    temperature: call.temperature,
    maxTokens: planMaxTokens,
    sampleIndex: call.sampleIndex,
    meta: teamMeta(call.task, call.problem, 'plan'),
  });
  return { text: (response.texts[0] ?? '').trim(), start, end: call.scope.timeline.now(), completionTokens: response.usage.completionTokens };
}
