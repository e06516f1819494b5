import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RequestMeta } from '../llm/chat-model.ts';
import { extractGsm8kAnswer } from '../tasks/gsm8k/index.ts';
import { Random } from '../util/random.ts';
import { queryDifficulty } from './query-difficulty.ts';
import { createSimChatModel } from './sim-chat-model.ts';
import { loadSimProfile, type SimProfile, taskProfileOf } from './sim-profile.ts';
import { standardDifficulty } from './skill-curve.ts';

const v2 = loadSimProfile('gpt-4o-mini-v2');
const v3 = loadSimProfile('gpt-4o-mini-v3');
const seeds = [0, 1, 2, 3];
const gsm = (queryId: string) => ({ task: 'gsm8k', queryId, difficulty: 3 });

describe('a query difficulty', () => {
  it('belongs to the query alone from version 3: the same z at every seed, different z across queries', () => {
    for (const id of ['q1', 'gsm8k-test-598', 'x']) {
      const zs = seeds.map((seed) => queryDifficulty(v3, v3.tasks.gsm8k, gsm(id), seed));
      expect(new Set(zs).size).toBe(1);
    }
    const acrossQueries = ['a', 'b', 'c', 'd'].map((id) => queryDifficulty(v3, v3.tasks.gsm8k, gsm(id), 0));
    expect(new Set(acrossQueries).size).toBe(4);
    // The same id in another task is another question.
    expect(queryDifficulty(v3, taskProfileOf(v3, 'math'), { ...gsm('a'), task: 'math' }, 0)).not.toBe(queryDifficulty(v3, taskProfileOf(v3, 'math'), gsm('a'), 0));
  });

  it('is drawn per (seed, query) in version 2, exactly as before version 3 existed', () => {
    const zs = seeds.map((seed) => queryDifficulty(v2, v2.tasks.gsm8k, gsm('q1'), seed));
    expect(new Set(zs).size).toBe(seeds.length);
    for (const seed of seeds) {
      const before = standardDifficulty(v2.tasks.gsm8k, 3, Random.derive(seed, 'difficulty', 'gsm8k', 'q1'));
      expect(queryDifficulty(v2, v2.tasks.gsm8k, gsm('q1'), seed)).toBe(before);
    }
  });
});

/** Generate's correctness on `count` GSM8K queries at one seed. */
async function generateOutcomes(profile: SimProfile, seed: number, count: number): Promise<boolean[]> {
  const model = createSimChatModel({ profile, seed });
  const outcomes: boolean[] = [];
  for (let i = 0; i < count; i++) {
    const meta: RequestMeta = { task: 'gsm8k', queryId: `q${i}`, role: 'generate', difficulty: 3, reference: '42' };
    const response = await model.chat({ messages: [{ role: 'user', content: `Solve ${i}` }], meta });
    outcomes.push(extractGsm8kAnswer(response.texts[0]!) === '42');
  }
  return outcomes;
}

describe('outcomes across seeds', () => {
  it('flip between seeds on far fewer questions with version 3 than with version 2', async () => {
    const count = 300;
    const mixedShare = async (profile: SimProfile) => {
      const runs = await Promise.all(seeds.map((seed) => generateOutcomes(profile, seed, count)));
      const mixed = Array.from({ length: count }, (_, i) => new Set(runs.map((run) => run[i])).size > 1).filter(Boolean).length;
      return mixed / count;
    };
    const [shareV2, shareV3] = [await mixedShare(v2), await mixedShare(v3)];
    // v2 reshuffles which questions are hard at every seed (about 1 - 0.95^4 - 0.05^4 of them flip);
    // v3 keeps them, so only the few swing questions can flip.
    expect(shareV2).toBeGreaterThan(0.1);
    expect(shareV3).toBeLessThan(shareV2 / 2);
  });

  // The digest was made by the same loop on commit 50e65ca (before version 3), with `gpt-4o-mini`.
  it('version 2 answers byte for byte as the profile did before version 3 existed', async () => {
    const hash = createHash('sha256');
    for (const seed of [0, 1]) {
      const model = createSimChatModel({ profile: v2, seed });
      for (let i = 0; i < 12; i++) {
        const meta: RequestMeta = { task: i % 2 ? 'math' : 'gsm8k', queryId: `p${i}`, role: i % 3 ? 'cot' : 'generate', difficulty: 1 + (i % 5), reference: String(10 + i) };
        hash.update(JSON.stringify((await model.chat({ messages: [{ role: 'user', content: `Solve ${i}` }], meta })).texts));
      }
    }
    expect(hash.digest('hex')).toBe('14b12de7495051120ea49bfbb32db3d23afd57174aa35f7056d9576b8673c2dc');
  });
});
