import type { RuleSet } from './rule-set.ts';

/**
 * Operators the public MaAS/LAMaS code counts as generating at layer 0: it tests
 * `"generate" in name.lower()` on its own names (Generate, GenerateCoT, MultiGenerateCoT,
 * CustomCodeGenerate), so Programmer does not count and a layer 0 of Programmer alone becomes Generate.
 */
const referenceGenerators: ReadonlySet<string> = new Set(['Generate', 'CoT', 'MultiCoT', 'CustomCodeGenerate']);

/**
 * The public MaAS/LAMaS rules (DESIGN §3, read from their controller): at layer 0 a drawn EarlyStop
 * replaces the whole set with [Generate] and ends the graph; a set without a generating operator
 * becomes [Generate]; otherwise the first generating operator drawn moves to the front. Only what
 * runs enters the loss (the substituted Generate included). The next layer is conditioned on the
 * first operator of this one only. One EMA normalises every credit; the critical operator is the
 * first argmax of the proxy, so an EarlyStop alone in a layer (proxy 0) carries the latency term.
 */
export const maasRules: RuleSet = {
  name: 'maas',
  candidates: () => null,
  settle(layer, drawn, _probs, operators) {
    const stopsHere = drawn.some((i) => operators[i] === 'EarlyStop');
    if (layer > 0) return { runs: [...drawn], imposed: null, stop: stopsHere };
    const generate = operators.indexOf('Generate');
    // `imposed` names the substituted Generate when the policy did not draw it itself.
    const imposed = drawn.includes(generate) ? null : generate;
    if (stopsHere) return { runs: [generate], imposed, stop: true };
    const first = drawn.findIndex((i) => referenceGenerators.has(operators[i]!));
    if (first < 0) return { runs: [generate], imposed, stop: false };
    return { runs: [drawn[first]!, ...drawn.filter((_, k) => k !== first)], imposed: null, stop: false };
  },
  conditioning: (runs) => runs.slice(0, 1),
  separateBaselines: false,
  earlyStopCarriesLatency: false,
};
