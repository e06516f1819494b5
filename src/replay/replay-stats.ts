/** What a replayed run says about where its answers came from (DESIGN §10), in every summary. */
export interface ReplaySummary {
  /** Calls answered with a recorded output. */
  recordedCalls: number;
  /** Calls answered by a documented rule (synthesize.ts) because no source recorded the role. */
  synthesizedCalls: number;
  /** Recorded calls whose sample index (or retry) was beyond the recorded samples, so a recording was used again. */
  reusedSamples: number;
  /** recordedCalls over all answered calls (1 when none were made). */
  recordedShare: number;
  latency: 'modeled';
  /** Recording files that answered at least one call, relative to the replay directory, sorted. */
  sources: string[];
}

export class ReplayStats {
  recordedCalls = 0;
  synthesizedCalls = 0;
  reusedSamples = 0;
  private readonly sources = new Set<string>();

  recorded(file: string, reused: boolean): void {
    this.recordedCalls++;
    if (reused) this.reusedSamples++;
    this.sources.add(file);
  }

  synthesized(): void {
    this.synthesizedCalls++;
  }

  summary(): ReplaySummary {
    const answered = this.recordedCalls + this.synthesizedCalls;
    return {
      recordedCalls: this.recordedCalls,
      synthesizedCalls: this.synthesizedCalls,
      reusedSamples: this.reusedSamples,
      recordedShare: answered === 0 ? 1 : this.recordedCalls / answered,
      latency: 'modeled',
      sources: [...this.sources].sort(),
    };
  }
}
