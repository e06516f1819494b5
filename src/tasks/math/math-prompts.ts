import { reasoningPrompts } from '../reasoning-prompts.ts';

export const mathPrompts = reasoningPrompts({
  persona: 'You solve competition mathematics problems rigorously.',
  finalAnswer: 'Put the final answer, simplified, in \\boxed{...} at the end.',
});
