/** MaAS/AFlow files write `HumanEval_84`; the official id (and samples.jsonl) is `HumanEval/84`. */
export function canonicalTaskId(id: string): string {
  return id.replace(/^([A-Za-z][\w-]*?)_(\d+)$/, '$1/$2');
}
