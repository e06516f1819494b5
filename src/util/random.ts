import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { createHash } from 'node:crypto';

type Generator = ReturnType<typeof xoroshiro128plus>;

/**
 * A seeded random stream whose state can be saved and restored (checkpoints need the RNG
 * state to resume exactly). Everything random in lamas draws from one of these.
 */
export class Random {
  private constructor(private generator: Generator) {}

  static fromSeed(seed: number): Random {
    return Random.derive(seed);
  }

  /** A stream determined by a seed and any labels, e.g. (seed, queryId, "wrong-pool"). */
  static derive(seed: number, ...labels: Array<string | number>): Random {
    return Random.fromJson(JSON.stringify([seed, ...labels]));
  }

  /**
   * A stream determined by labels alone, for what must not move with any run's seed (e.g. a
   * question's difficulty). Labels start with a string, so no `derive` stream (seed first) collides.
   */
  static fromLabels(first: string, ...labels: Array<string | number>): Random {
    return Random.fromJson(JSON.stringify([first, ...labels]));
  }

  private static fromJson(json: string): Random {
    const digest = createHash('sha256').update(json).digest();
    const generator = xoroshiro128plus(digest.readInt32LE(0));
    // xoroshiro's first outputs from a sparse seed state are poorly mixed; burn them.
    for (let i = 0; i < 16; i++) generator.next();
    return new Random(generator);
  }

  static fromState(state: readonly number[]): Random {
    return new Random(xoroshiro128plusFromState(state));
  }

  state(): number[] {
    return [...this.generator.getState()];
  }

  /** Uniform in [0, 1). */
  float(): number {
    return uniformFloat64(this.generator);
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return uniformInt(this.generator, min, max);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(0, items.length - 1)]!;
  }

  /** Standard normal draw (Box-Muller). */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}
