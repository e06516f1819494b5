import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { OperatorRole } from '../llm/chat-model.ts';
import { loadRows } from '../tasks/load-rows.ts';
import { loadFaithfulCot } from './loaders/faithful-cot.ts';
import { loadMapCoder, loadSolutionFile } from './loaders/humaneval-sources.ts';
import { loadRe2 } from './loaders/re2.ts';
import { QuestionMatcher } from './question-matcher.ts';
import type { Recording } from './recording.ts';
import type { ReplayModel, ReplayTask, StyleSource } from './replay-models.ts';

/** Faithful-COT's copy of the official GSM8K test file: the question behind every index. */
export const gsm8kQuestionsFile = 'veronica320__Faithful-COT/data/GSM8K/test.jsonl';
const questionRowSchema = z.object({ question: z.string(), id: z.number().int().nonnegative().optional() });

/** One recorded style of a role with its loaded file. */
export interface LoadedStyle {
  source: StyleSource;
  recording: Recording;
}

/** Reads one recording file in its source's format (a missing or malformed file names the file and line). */
export function loadRecording(dir: string, source: StyleSource): Promise<Recording> {
  const path = join(dir, source.file);
  switch (source.format) {
    case 'faithful-cot':
      return loadFaithfulCot(path, source.file);
    case 're2-vanilla':
      return loadRe2(path, source.file, 'vanilla');
    case 're2-cot':
      return loadRe2(path, source.file, 'cot');
    case 'mapcoder':
      return loadMapCoder(path, source.file);
    case 'solution':
      return loadSolutionFile(path, source.file);
  }
}

/**
 * A model's recordings, read on first use: a role's files when a call first needs the role, a
 * file shared by two roles once. The question matcher of a task knows the official GSM8K
 * questions (Faithful-COT's copy of the test file, when present) and the question text of every
 * loaded recording that carries one (Re2).
 */
export class ReplayStore {
  private readonly files = new Map<string, Promise<Recording>>();
  private readonly roles = new Map<string, Promise<LoadedStyle[]>>();
  private readonly matchers = new Map<ReplayTask, Promise<QuestionMatcher>>();

  constructor(
    readonly dir: string,
    readonly model: ReplayModel,
  ) {}

  /** The styles of a role with their files; empty when the model recorded none for it. */
  styles(task: ReplayTask, role: OperatorRole): Promise<LoadedStyle[]> {
    const key = `${task}\u0000${role}`;
    let loaded = this.roles.get(key);
    if (!loaded) {
      loaded = this.loadStyles(task, role);
      this.roles.set(key, loaded);
    }
    return loaded;
  }

  /** The recording key of a query, or null when no loaded question matches it. */
  async match(task: ReplayTask, queryId: string, promptText: string): Promise<string | null> {
    return (await this.matcher(task)).match(queryId, promptText);
  }

  private matcher(task: ReplayTask): Promise<QuestionMatcher> {
    let matcher = this.matchers.get(task);
    if (!matcher) {
      matcher = this.officialQuestions(task).then((questions) => new QuestionMatcher(task, questions));
      this.matchers.set(task, matcher);
    }
    return matcher;
  }

  private async loadStyles(task: ReplayTask, role: OperatorRole): Promise<LoadedStyle[]> {
    const sources = this.model.roles[task]?.[role] ?? [];
    const styles = await Promise.all(sources.map(async (source) => ({ source, recording: await this.file(source) })));
    const matcher = await this.matcher(task);
    for (const { recording } of styles) for (const output of recording.outputs.values()) if (output.question !== undefined) matcher.add(output.key, output.question);
    return styles;
  }

  private file(source: StyleSource): Promise<Recording> {
    const key = `${source.format}\u0000${source.file}`;
    let recording = this.files.get(key);
    if (!recording) {
      recording = loadRecording(this.dir, source);
      this.files.set(key, recording);
    }
    return recording;
  }

  private async officialQuestions(task: ReplayTask): Promise<Map<string, string>> {
    const questions = new Map<string, string>();
    const official = join(this.dir, gsm8kQuestionsFile);
    if (task === 'gsm8k' && existsSync(official)) for (const { row, index } of await loadRows(official, questionRowSchema)) questions.set(String(row.id ?? index), row.question);
    return questions;
  }
}
