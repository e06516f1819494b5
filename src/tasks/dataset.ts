import type { PublicTests } from './humaneval/index.ts';
import type { Problem } from './task.ts';

/** The problems a run works on, the file they came from, and (humaneval) the public tests the Test operator sees. */
export interface Dataset {
  file: string;
  problems: Problem[];
  publicTests?: Map<string, PublicTests>;
}
