import type { Problem } from './task.ts';

/** The problems a run works on and the file they came from (code problems carry their public tests). */
export interface Dataset {
  file: string;
  problems: Problem[];
}
