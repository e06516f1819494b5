/** One failed attempt as every later plan sees it. */
export interface FailureNote {
  team: number;
  attempt: number;
  plan: string;
  /** Why it failed, in a line or two (failed operator, no answer, failing public test). */
  log: string;
  /** When the failure became known, on the query's timeline (ms). */
  at: number;
}

/**
 * The failures of one query, shared by all its teams (M1-Parallel's global memory): a retry's
 * plan is written in view of every failure recorded so far, its own team's and the others'.
 */
export class FailureMemory {
  private readonly notes: FailureNote[] = [];

  record(note: FailureNote): void {
    this.notes.push(note);
  }

  /**
   * Failures known at time `at`. Real time records them as they happen, so this is all of them;
   * virtual time runs teams out of order, so a note from the simulated future must stay hidden.
   */
  knownAt(at: number): FailureNote[] {
    return this.notes.filter((note) => note.at <= at).sort((a, b) => a.at - b.at || a.team - b.team || a.attempt - b.attempt);
  }

  get size(): number {
    return this.notes.length;
  }
}
