import type { ChatMessage } from '../llm/chat-model.ts';
import type { Problem } from '../tasks/task.ts';
import type { FailureNote } from './failure-memory.ts';
import { problemText } from './team-meta.ts';

/** Failures shown to a planner at most; the most recent ones, so the prompt stays bounded. */
export const maxFailuresShown = 10;
/** Characters of a previous plan shown to a planner. */
const planExcerptChars = 1500;

const planner: ChatMessage = {
  role: 'system',
  content:
    'You plan how a small team of problem solvers should tackle a problem. Reply with a short plan of 3 to 5 bullet points ' +
    '("- ..."). Do not solve the problem and do not state a final answer.',
};

export interface PlanRequest {
  problem: Problem;
  /** Diverse planning: the plans other teams already follow; the new one must differ from all of them. */
  others?: readonly string[];
  /** Retries: every failure recorded so far, so the new plan avoids what went wrong. */
  failures?: readonly FailureNote[];
}

/** The planner prompt: the same for repeated sampling, plus other plans (diverse) and recorded failures (retries). */
export function planPrompt({ problem, others = [], failures = [] }: PlanRequest): ChatMessage[] {
  const parts = [`Problem:\n${problemText(problem)}`];
  if (others.length > 0) {
    parts.push(`Plans other teams already follow:\n${others.map((plan, i) => `Plan ${i + 1}:\n${excerpt(plan)}`).join('\n\n')}`);
  }
  const shown = failures.slice(-maxFailuresShown);
  if (shown.length > 0) {
    const skipped = failures.length - shown.length;
    parts.push(
      `Plans that already failed on this problem, and why${skipped > 0 ? ` (the ${shown.length} most recent of ${failures.length})` : ''}:\n` +
        shown.map((note) => `Team ${note.team + 1}, attempt ${note.attempt + 1} failed: ${note.log}\nIts plan was:\n${excerpt(note.plan)}`).join('\n\n'),
    );
  }
  const ask =
    shown.length > 0
      ? 'Write a new plan that avoids these failures.'
      : others.length > 0
        ? 'Write a plan that takes a clearly different approach from every plan above.'
        : 'Write a plan for solving it.';
  parts.push(ask);
  return [planner, { role: 'user', content: parts.join('\n\n') }];
}

function excerpt(plan: string): string {
  const trimmed = plan.trim();
  return trimmed.length <= planExcerptChars ? trimmed : `${trimmed.slice(0, planExcerptChars)} …`;
}
