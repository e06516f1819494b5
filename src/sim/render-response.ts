import type { OperatorRole } from '../llm/chat-model.ts';
import type { Task } from '../tasks/task.ts';
import { countTokens } from '../llm/count-tokens.ts';
import type { Random } from '../util/random.ts';
import type { Outcome } from './decide-outcome.ts';
import { fillerText } from './filler-text.ts';

export interface RenderRequest {
  task: Task;
  role: OperatorRole;
  outcome: Outcome;
  /** Target completion tokens; the text comes out about this long. */
  tokens: number;
  random: Random;
}

/** The completion text: prose of the drawn length around an answer in the task's format. */
export function renderResponse({ task, role, outcome, tokens, random }: RenderRequest): string {
  const ending = answerPart(task, role, outcome, random);
  const prose = fillerText(Math.max(0, tokens - countTokens(ending)), random);
  if (role === 'programmer') return ending.replace('# PLAN', `# ${prose}`);
  return prose === '' ? ending : `${prose}\n${ending}`;
}

function answerPart(task: Task, role: OperatorRole, outcome: Outcome, random: Random): string {
  if ((role === 'sc-select' || role === 'aggregate') && outcome.choice !== undefined) {
    return `The most consistent answer is (${String.fromCharCode(65 + outcome.choice)}).`;
  }
  if (role === 'plan') return '- Restate what is asked.\n- Work through it step by step.\n- Check the result.';
  const literal = task.sim.pythonLiteral;
  if (role === 'programmer' && literal) return program(literal(outcome.answer), outcome, random);
  return task.formatAnswer(outcome.answer);
}

/** A real Python program that prints the answer, or raises (so the operator's retries are real). */
function program(literal: string, outcome: Outcome, random: Random): string {
  const failure = random.pick(['    result = result / 0\n', '    result = helper(result)\n']);
  return [
    '```python',
    'def solve():',
    '    # PLAN',
    `    result = ${literal}`,
    outcome.raises ? failure.trimEnd() : '    pass',
    '    return result',
    '',
    'print(solve())',
    '```',
  ].join('\n');
}
