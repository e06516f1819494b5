/** Per-question outcome stability over several runs of the same questions (one boolean per question per run). */

export interface ConsistencyFigures {
  /** Questions answered right in some runs and wrong in others. */
  differShare: number;
  /** Questions wrong in every run. */
  allWrongShare: number;
  /** Per recording i: share of questions where direct[i] and cot[i] are both right or both wrong. */
  agreement: number[];
}

function checkRuns(runs: readonly (readonly boolean[])[]): number {
  const length = runs[0]?.length ?? 0;
  if (runs.length === 0 || length === 0) throw new Error('outcome consistency needs at least one non-empty run');
  if (runs.some((run) => run.length !== length)) throw new Error(`runs cover different numbers of questions (${runs.map((run) => run.length).join(', ')})`);
  return length;
}

/** Share of questions whose outcome is not the same in every run. */
export function flipShare(runs: readonly (readonly boolean[])[]): number {
  const length = checkRuns(runs);
  let mixed = 0;
  for (let i = 0; i < length; i++) if (runs.some((run) => run[i] !== runs[0]![i])) mixed++;
  return mixed / length;
}

/** The replay's figures over direct and CoT recordings of the same questions (paired by index). */
export function consistencyFigures(direct: readonly (readonly boolean[])[], cot: readonly (readonly boolean[])[]): ConsistencyFigures {
  if (direct.length !== cot.length) throw new Error(`${direct.length} direct runs but ${cot.length} CoT runs`);
  const all = [...direct, ...cot];
  const length = checkRuns(all);
  let allWrong = 0;
  for (let i = 0; i < length; i++) if (all.every((run) => !run[i])) allWrong++;
  const agreement = direct.map((run, r) => run.filter((correct, i) => correct === cot[r]![i]).length / length);
  return { differShare: flipShare(all), allWrongShare: allWrong / length, agreement };
}
