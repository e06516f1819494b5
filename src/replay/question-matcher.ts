import { canonicalTaskId } from '../tasks/humaneval/index.ts';
import type { ReplayTask } from './replay-models.ts';

/** Case, whitespace and typographic quotes do not distinguish two questions. */
export function normaliseQuestion(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Finds which recorded question a request is about. GSM8K: the query id's trailing number is
 * tried as the official test index (`test-17` in the official file, `gsm8k-test-17` in the MaAS
 * splits) and accepted only when that question's text is in the prompt; otherwise the question
 * whose normalised text the prompt contains (the longest, should one contain another).
 * HumanEval: by task id (`HumanEval_84` and `HumanEval/84` are the same). Remembered per query id.
 */
export class QuestionMatcher {
  private readonly byKey: Map<string, string>;
  private readonly memo = new Map<string, string | null>();

  /** `questions`: key (official index) → question text, for GSM8K. */
  constructor(
    private readonly task: ReplayTask,
    questions: ReadonlyMap<string, string>,
  ) {
    this.byKey = new Map([...questions].map(([key, text]) => [key, normaliseQuestion(text)]));
  }

  /** Adds a question a loaded recording carries (Re2), unless its key is known; forgets earlier misses. */
  add(key: string, question: string): void {
    if (this.byKey.has(key)) return;
    this.byKey.set(key, normaliseQuestion(question));
    for (const [memoKey, matched] of this.memo) if (matched === null) this.memo.delete(memoKey);
  }

  get size(): number {
    return this.byKey.size;
  }

  /** The recording key of the query, or null when no recorded question matches. */
  match(queryId: string, promptText: string): string | null {
    const memoKey = `${queryId}\u0000${this.task}`;
    const known = this.memo.get(memoKey);
    if (known !== undefined) return known;
    const key = this.task === 'humaneval' ? humanEvalKey(queryId) : this.gsm8kKey(queryId, normaliseQuestion(promptText));
    this.memo.set(memoKey, key);
    return key;
  }

  private gsm8kKey(queryId: string, prompt: string): string | null {
    const index = /(\d+)$/.exec(queryId)?.[1];
    if (index !== undefined) {
      const key = String(Number(index));
      const question = this.byKey.get(key);
      if (question !== undefined && prompt.includes(question)) return key;
    }
    let best: { key: string; length: number } | null = null;
    for (const [key, question] of this.byKey) {
      if (question.length > (best?.length ?? 0) && prompt.includes(question)) best = { key, length: question.length };
    }
    return best?.key ?? null;
  }
}

function humanEvalKey(queryId: string): string | null {
  const id = canonicalTaskId(queryId);
  return /^HumanEval\/\d+$/.test(id) ? id : null;
}
