import type { ChatMessage } from '../llm/chat-model.ts';
import type { Problem } from '../tasks/task.ts';
import { letters } from '../../operators/prompts/index.ts';
import { problemText } from './team-meta.ts';

/** Characters of a team's transcript the aggregator reads; the end holds the answer, so the start is cut. */
const transcriptChars = 6000;

export interface TeamAnswer {
  /** The team's final solution text. */
  transcript: string;
  answer: string | null;
}

/**
 * Our aggregator prompt, after M1-Parallel's intent: read each team's work and answer, judge
 * which is right (not which is most common), and name it by letter.
 */
export function aggregatePrompt(problem: Problem, answers: readonly TeamAnswer[]): ChatMessage[] {
  const labels = letters(answers.length);
  const teams = answers
    .map((team, i) => `(${labels[i]}) Team ${i + 1}'s work:\n${tail(team.transcript)}\nTeam ${i + 1}'s final answer: ${team.answer ?? '(none)'}`)
    .join('\n\n');
  return [
    {
      role: 'system',
      content: 'You review the work of several independent teams on the same problem and decide which final answer is correct.',
    },
    {
      role: 'user',
      content:
        `Problem:\n${problemText(problem)}\n\n${teams}\n\n` +
        'Check the reasoning of each team. Which team reached the correct final answer? Teams that agree are not necessarily right. ' +
        'Reply with a brief justification, then the letter in parentheses, e.g. "(A)".',
    },
  ];
}

function tail(text: string): string {
  const trimmed = text.trim();
  return trimmed.length <= transcriptChars ? trimmed : `… ${trimmed.slice(-transcriptChars)}`;
}
