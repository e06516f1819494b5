/**
 * Where a branch of work is in time. The executor gives each operator (and each parallel call
 * inside one) its own timeline forked from its layer's start, and joins them at the barrier.
 * Real timelines read the clock; virtual ones (the virtual-time sim) add simulated latencies,
 * so critical paths come out the same whether or not anything slept.
 */
export interface Timeline {
  /** Milliseconds since the run's origin. */
  now(): number;
  /** Records that `ms` of work just finished on this branch; returns the new time. */
  advance(ms: number): number;
  /** A branch starting now, running in parallel with this one. */
  fork(): Timeline;
  /** This branch waits for the given ones (a barrier): its time becomes the latest of them. */
  join(branches: readonly Timeline[]): void;
}

export class RealTimeline implements Timeline {
  constructor(private readonly origin: number = performance.now()) {}
  now(): number {
    return performance.now() - this.origin;
  }
  advance(): number {
    return this.now(); // the work already took real time
  }
  fork(): Timeline {
    return new RealTimeline(this.origin);
  }
  join(): void {}
}

export class VirtualTimeline implements Timeline {
  constructor(private cursor = 0) {}
  now(): number {
    return this.cursor;
  }
  advance(ms: number): number {
    this.cursor += ms;
    return this.cursor;
  }
  fork(): Timeline {
    return new VirtualTimeline(this.cursor);
  }
  join(branches: readonly Timeline[]): void {
    for (const branch of branches) this.cursor = Math.max(this.cursor, branch.now());
  }
}

export function createTimeline(virtual: boolean): Timeline {
  return virtual ? new VirtualTimeline() : new RealTimeline();
}
