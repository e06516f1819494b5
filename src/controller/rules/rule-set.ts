import { z } from 'zod';

/**
 * The rule sets a controller can be trained and served under (DESIGN §3, issue 14), named in the
 * checkpoint's spec:
 * - `lamas` (the default): what runs is exactly what the policy chose (layer 0 draws only from
 *   operators that can start from the query), every chosen operator's log-probability enters the
 *   loss once, EarlyStop carries the full utility, and each kind of credit has its own baseline.
 * - `maas`: the public MaAS/LAMaS code's rules (layer-0 substitution by Generate, generator first,
 *   the next layer conditioned on the first operator only).
 * - `legacy`: the rules before issue 14 (the likeliest generator added to a layer 0 that had none);
 *   checkpoints that name no rule set were trained under them and load with them.
 */
export const ruleSetNames = ['lamas', 'maas', 'legacy'] as const;
export type RuleSetName = (typeof ruleSetNames)[number];
export const ruleSetNameSchema = z.enum(ruleSetNames);

/** What a checkpoint without a `rules` field was trained with (every checkpoint before issue 14). */
export const rulesOfUnnamedCheckpoint: RuleSetName = 'legacy';

/** One layer as a rule set settles it from what the policy drew. */
export interface SettledLayer {
  /** Operator indices that run, in node order (node L<l>.<i> runs runs[i]). */
  runs: number[];
  /** An operator that runs though the policy did not choose it (legacy: added; maas: substituted), else null. */
  imposed: number | null;
  /** The graph ends after this layer. */
  stop: boolean;
}

export interface RuleSet {
  name: RuleSetName;
  /** Operators the policy may draw at this layer (null: all); the layer's softmax is over these only. */
  candidates(layer: number, operators: readonly string[]): boolean[] | null;
  /** From the drawn indices (in draw order) to what runs. */
  settle(layer: number, drawn: number[], probs: readonly number[], operators: readonly string[]): SettledLayer;
  /** The operators of a layer the next layer's scorer is conditioned on. */
  conditioning(runs: readonly number[]): number[];
  /** Credit and normalisation: one EMA per credit kind (critical-path credit) or one for all. */
  separateBaselines: boolean;
  /** EarlyStop is credited with the full utility (it decides depth), not as a non-critical operator. */
  earlyStopCarriesLatency: boolean;
}
