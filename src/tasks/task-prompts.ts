import type { ChatMessage } from '../llm/chat-model.ts';
import type { Problem } from './task.ts';

/** The prompts each task gives its operators; one implementation per task, written by us. */
export interface TaskPrompts {
  generate(problem: Problem): ChatMessage[];
  cot(problem: Problem): ChatMessage[];
  /** Pick the most consistent of the lettered candidate solutions. */
  scSelect(problem: Problem, candidates: string[]): ChatMessage[];
  selfRefine(problem: Problem, draft: string): ChatMessage[];
  /** Write a program; on a retry, the previous program and its error are shown. */
  programmer(problem: Problem, previous?: { code: string; error: string }): ChatMessage[];
  customCode(problem: Problem): ChatMessage[];
  /** Rewrite code that failed the public tests. */
  testReflect(problem: Problem, code: string, failure: string): ChatMessage[];
}

export const letters = (count: number): string[] => Array.from({ length: count }, (_, i) => String.fromCharCode(65 + i));

export function lettered(candidates: string[]): string {
  return candidates.map((candidate, i) => `(${letters(candidates.length)[i]}) ${candidate}`).join('\n\n');
}

export const system = (content: string): ChatMessage => ({ role: 'system', content });
export const user = (content: string): ChatMessage => ({ role: 'user', content });
