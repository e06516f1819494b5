import { lamasRules } from './lamas-rules.ts';
import { legacyRules } from './legacy-rules.ts';
import { maasRules } from './maas-rules.ts';
import { type RuleSet, type RuleSetName, rulesOfUnnamedCheckpoint } from './rule-set.ts';

export { type RuleSet, type RuleSetName, ruleSetNames, ruleSetNameSchema, rulesOfUnnamedCheckpoint } from './rule-set.ts';

const byName: Record<RuleSetName, RuleSet> = { lamas: lamasRules, maas: maasRules, legacy: legacyRules };

/** The rule set a controller spec names; a spec without one is a pre-issue-14 checkpoint (legacy). */
export function rulesOf(spec: { rules?: RuleSetName | undefined }): RuleSet {
  return byName[spec.rules ?? rulesOfUnnamedCheckpoint];
}
