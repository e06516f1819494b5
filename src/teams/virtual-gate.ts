type TeamState = { kind: 'active'; since: number } | { kind: 'waiting'; at: number; resume: () => void } | { kind: 'done' };

/**
 * Orders the teams' decisions by simulated time in virtual-time runs. Virtual time does not
 * pass, so teams finish in whatever order the event loop runs them; a retry at simulated time
 * `at` must nevertheless see exactly the failures (and successes) from before `at`. A team that
 * wants to decide at `at` therefore waits until no other team is still working on something that
 * began earlier, and until every earlier decision was taken — a conservative discrete-event
 * order, so virtual runs stay deterministic. Real time needs none of this: events arrive in order.
 */
export class VirtualGate {
  private readonly states: TeamState[];

  /** Every team starts active from time 0 (its first plan and attempt). */
  constructor(teams: number) {
    this.states = Array.from({ length: teams }, () => ({ kind: 'active', since: 0 }));
  }

  /** The team's work so far ended at `at`; resolves when it may decide what to do next, and marks it active from `at`. */
  wait(team: number, at: number): Promise<void> {
    return new Promise((resume) => {
      this.states[team] = { kind: 'waiting', at, resume };
      this.release();
    });
  }

  /** The team does no more work. */
  finish(team: number): void {
    this.states[team] = { kind: 'done' };
    this.release();
  }

  private release(): void {
    for (;;) {
      let next = -1;
      for (let i = 0; i < this.states.length; i++) {
        const state = this.states[i]!;
        if (state.kind !== 'waiting') continue;
        const best = next < 0 ? undefined : this.states[next];
        if (best === undefined || (best.kind === 'waiting' && state.at < best.at)) next = i;
      }
      if (next < 0) return;
      const waiter = this.states[next] as Extract<TeamState, { kind: 'waiting' }>;
      // Work that began before `at` may still end before it: wait for it. Work that began later cannot.
      if (this.states.some((state) => state.kind === 'active' && state.since < waiter.at)) return;
      this.states[next] = { kind: 'active', since: waiter.at };
      waiter.resume();
    }
  }
}
