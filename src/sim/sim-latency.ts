import type { Random } from '../util/random.ts';
import type { SimProfile } from './sim-profile.ts';

export interface SimLatency {
  firstTokenMs: number;
  /** Request to last token. */
  totalMs: number;
}

/** Time to first token (jittered, plus prefill) and decoding at a jittered rate. */
export function simLatency(profile: SimProfile, promptTokens: number, completionTokens: number, random: Random): SimLatency {
  const { firstTokenMs, firstTokenSigma, tokensPerSecond, rateSigma, prefillTokensPerSecond } = profile.latency;
  const firstToken = firstTokenMs * Math.exp(firstTokenSigma * random.normal()) + (promptTokens / prefillTokensPerSecond) * 1000;
  const rate = tokensPerSecond * Math.exp(rateSigma * random.normal());
  return { firstTokenMs: firstToken, totalMs: firstToken + (completionTokens / rate) * 1000 };
}
