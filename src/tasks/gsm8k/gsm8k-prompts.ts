import { reasoningPrompts } from '../reasoning-prompts.ts';

export const gsm8kPrompts = reasoningPrompts({
  persona: 'You solve grade-school math word problems carefully.',
  finalAnswer: 'End with a line "The answer is N." where N is a number without units.',
});
