import type { LlmCallRecord } from '../llm/call-record.ts';
import type { Timeline } from '../llm/timeline.ts';
import { byOutcomeEnd, type TeamAttempt } from './team-attempt.ts';

export interface TeamsCutoffInput {
  virtual: boolean;
  /** Successful answers the query waits for: 1 (early stop) or k (aggregate). */
  needed: number;
  /** The query's clock (real time reads it). */
  clock: Timeline;
  /** Real time, once the needed successes are in: stop the planner and every team still working. */
  onStop: () => void;
}

/** What the query decides among once it stopped waiting for teams. */
export interface TeamsDecision {
  /** When the query stopped waiting, on its timeline (ms). */
  cutoff: number;
  /** Every successful attempt, in finishing order (virtual time: also those after the cutoff). */
  ranked: TeamAttempt[];
  /** The candidates, in finishing order: the first `needed` successes by the cutoff, or (fallback) the failed attempts that had an answer. */
  pool: TeamAttempt[];
  /** No success came by the cutoff: the pool holds failed attempts. */
  fallback: boolean;
}

/**
 * When the query stops waiting for its teams. Real time stops them the moment the needed
 * successes are in. Virtual time cannot stop anything (nothing takes time): every team runs to
 * its end, and the cutoff is read from the timelines afterwards — the `needed`-th success's end,
 * or, without enough successes, the end of the last thing that ran.
 */
export class TeamsCutoff {
  /** Successful attempts, in the order their outcomes arrived. */
  readonly successes: TeamAttempt[] = [];
  /** Resolves when real time stops the teams. */
  readonly stopped: Promise<void>;
  private realCutoff: number | undefined;
  private signalStop!: () => void;

  constructor(private readonly input: TeamsCutoffInput) {
    this.stopped = new Promise<void>((resolve) => (this.signalStop = resolve));
  }

  /** Real time: the query already stopped waiting (a plan arriving now starts nothing). */
  get passed(): boolean {
    return this.realCutoff !== undefined;
  }

  /** Whether the query has its answers by `time` (virtual: exact, since the gate ran everything earlier first). */
  enough(time: number): boolean {
    if (!this.input.virtual) return this.realCutoff !== undefined;
    return this.successes.filter((entry) => entry.outcome!.end <= time).length >= this.input.needed;
  }

  /** An attempt succeeded; in real time the last success needed stops the rest. */
  succeeded(entry: TeamAttempt): void {
    this.successes.push(entry);
    if (!this.input.virtual && this.realCutoff === undefined && this.successes.length >= this.input.needed) this.stop();
  }

  /** The teams are done or stopped. Real time: the cutoff is now, unless the needed successes set it earlier. */
  close(): void {
    if (!this.input.virtual && this.realCutoff === undefined) this.realCutoff = this.input.clock.now();
  }

  /** The cutoff and the candidates (after `close`): virtual time reads them from the attempts' and plan calls' ends. */
  decide(attempts: readonly TeamAttempt[], planCalls: readonly LlmCallRecord[]): TeamsDecision {
    const { virtual, needed } = this.input;
    const ranked = [...this.successes].sort(byOutcomeEnd);
    const lastEnd = (): number => Math.max(0, ...attempts.filter((entry) => entry.outcome !== undefined).map((entry) => entry.outcome!.end), ...planCalls.map((call) => call.end));
    const cutoff = virtual ? (ranked.length >= needed ? ranked[needed - 1]!.outcome!.end : lastEnd()) : this.realCutoff!;
    const decisive = ranked.filter((entry) => entry.outcome!.end <= cutoff).slice(0, needed);
    const fallback = decisive.length === 0;
    const pool = fallback
      ? attempts.filter((entry) => entry.outcome?.status === 'failed' && entry.outcome.answer !== null && entry.outcome.end <= cutoff).sort(byOutcomeEnd)
      : decisive;
    return { cutoff, ranked, pool, fallback };
  }

  private stop(): void {
    this.realCutoff = this.input.clock.now();
    this.input.onStop();
    this.signalStop();
  }
}
