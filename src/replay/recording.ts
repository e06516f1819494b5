/** What a replayed answer is, for rendering it as the operator expects and for grading it ourselves. */
export type RecordedKind = 'prose' | 'program' | 'code';

/** One recorded model output for one question, as the source published it. */
export interface RecordedOutput {
  /** gsm8k: the official 0-based GSM8K test index as a string; humaneval: the canonical task id (`HumanEval/12`). */
  key: string;
  /** The text as the model wrote it (a GSM8K program without any `print`; HumanEval code). */
  text: string;
  kind: RecordedKind;
  /** The source's API count of output tokens, when it recorded one (MapCoder). */
  completionTokens?: number;
  /** The source's own answer (GSM8K) or verdict (HumanEval): kept only to measure agreement, never to grade. */
  sourceAnswer?: string;
  sourceSolved?: boolean;
  /** The question text, when the source carries it (Re2), for matching by text. */
  question?: string;
}

/** A loaded recording file: its outputs by key, and what the loader had to decide about it. */
export interface Recording {
  /** The file, relative to the replay directory. */
  file: string;
  outputs: Map<string, RecordedOutput>;
  /** Later rows for a key already seen (the Re2 gpt-3.5 re-read file repeats 30 questions): dropped, the first row kept. */
  duplicateRows: number;
  /** Rows the source recorded without any text (a failed API call): replayed as an empty reply. */
  emptyRows: number;
}

/** Adds a row's output, keeping the first one per key and counting the rest. */
export function addOutput(recording: Recording, output: RecordedOutput): void {
  if (recording.outputs.has(output.key)) recording.duplicateRows++;
  else recording.outputs.set(output.key, output);
}

export function emptyRecording(file: string): Recording {
  return { file, outputs: new Map(), duplicateRows: 0, emptyRows: 0 };
}
