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

/** A model's recordings for one task: each role's styles with their loaded files, and the question matcher. */
export interface TaskRecordings {
  matcher: QuestionMatcher;
  roles: Map<OperatorRole, { source: StyleSource; recording: Recording }[]>;
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

/** Loads a model's files once per task, on first use; a file shared by two roles is read once. */
export class ReplayStore {
  private readonly tasks = new Map<ReplayTask, Promise<TaskRecordings>>();
  private readonly files = new Map<string, Promise<Recording>>();

  constructor(
    readonly dir: string,
    readonly model: ReplayModel,
  ) {}

  forTask(task: ReplayTask): Promise<TaskRecordings> {
    let loaded = this.tasks.get(task);
    if (!loaded) {
      loaded = this.load(task);
      this.tasks.set(task, loaded);
    }
    return loaded;
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

  private async load(task: ReplayTask): Promise<TaskRecordings> {
    const roles = new Map<OperatorRole, { source: StyleSource; recording: Recording }[]>();
    for (const [role, sources] of Object.entries(this.model.roles[task] ?? {})) {
      roles.set(role as OperatorRole, await Promise.all(sources.map(async (source) => ({ source, recording: await this.file(source) }))));
    }
    const questions = new Map<string, string>();
    if (task === 'gsm8k') {
      const official = join(this.dir, gsm8kQuestionsFile);
      // Faithful-COT's rows carry no question text: their ids index this file (absent: the Re2 texts alone).
      if (existsSync(official)) for (const { row, index } of await loadRows(official, questionRowSchema)) questions.set(String(row.id ?? index), row.question);
      for (const styles of roles.values()) for (const { recording } of styles) for (const output of recording.outputs.values()) if (output.question !== undefined && !questions.has(output.key)) questions.set(output.key, output.question);
    }
    return { matcher: new QuestionMatcher(task, questions), roles };
  }
}
