/**
 * The recorded facts the `sim:gpt-4` profile is calibrated on (docs/CALIBRATION.md, "sim:gpt-4"):
 * per recorded gpt-4 style on the MaAS test split of GSM8K and HumanEval, accuracy and output
 * tokens (cl100k, gpt-4's tokenizer), plus how often two styles (and gpt-4 and gpt-4o-mini) disagree; and, for a profile, each
 * calibrated role's expected accuracy and the intercept that would make it equal the recording.
 *
 *   npx tsx bench/sim-gpt4-facts.ts [--replay-dir ../shared/replay] [--data-dir ../shared/data/maas_splits] [--profile gpt-4]
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { disagreement, recordedStyleFacts } from '../eval/recorded-style-facts.ts';
import { expectedAccuracy, interceptFor, splitDifficulties } from '../eval/sim-expected-accuracy.ts';
import { resolveDataset } from '../eval/resolve-dataset.ts';
import { findReplayModel, type ReplayTask } from '../src/replay/replay-models.ts';
import { loadSimProfile, type SimRole } from '../src/sim/sim-profile.ts';
import { sigmoid } from '../src/sim/skill-curve.ts';
import { getTask } from '../src/tasks/registry.ts';

const { values } = parseArgs({
  options: {
    'replay-dir': { type: 'string', default: '../shared/replay' },
    'data-dir': { type: 'string', default: '../shared/data/maas_splits' },
    profile: { type: 'string', default: 'gpt-4' },
  },
});
const model = findReplayModel('gpt-4')!;
const profile = loadSimProfile(values.profile);
const pct = (x: number) => (x * 100).toFixed(2);
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

for (const taskName of ['gsm8k', 'humaneval'] as const satisfies readonly ReplayTask[]) {
  const task = getTask(taskName);
  const { problems } = await resolveDataset(task, { data: join(resolve(values['data-dir']), `${taskName}_test.jsonl`) });
  const facts = await recordedStyleFacts({ replayDir: resolve(values['replay-dir']), model, task: taskName, problems });
  const taskProfile = profile.tasks[taskName];
  const zs = splitDifficulties(profile, taskProfile, taskName, problems);
  console.log(`\n## ${taskName}: replay gpt-4 on the MaAS test split (${problems.length} questions); tokens: ${model.tokenizer}`);
  console.log(`profile ${values.profile}: expected accuracy of the role under it, and the intercept that makes it the recorded one (slope 1)\n`);
  console.log('| role | # | style | n | recorded acc % | tokens mean | lognormal median | lognormal sigma | profile intercept | expected acc % | intercept for recorded |');
  console.log('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const fact of facts) {
    const curve = taskProfile.skills[fact.role as SimRole];
    console.log(
      `| ${fact.role} | ${fact.sample} | ${fact.style} | ${fact.n} | ${pct(fact.accuracy)} | ${fact.tokens.mean.toFixed(1)} | ${fact.tokens.logMedian.toFixed(1)} | ${fact.tokens.logSd.toFixed(3)} ` +
        `| ${curve.intercept.toFixed(2)} | ${pct(expectedAccuracy(curve, zs))} | ${interceptFor(fact.accuracy, zs, curve.slope).toFixed(2)} |`,
    );
  }
  const [cot, ltm] = facts.filter((fact) => fact.role === 'cot');
  if (!cot || !ltm) continue;
  // What the profile's structure can say about the same: two CoT samples share z, so they disagree with 2p(1-p).
  const pCot = zs.map((z) => sigmoid(taskProfile.skills.cot.intercept - z));
  console.log(`\nrecorded ${cot.style} vs ${ltm.style}: right in one and wrong in the other on ${pct(disagreement(cot, ltm))}% of the split; sim, two CoT samples (expected): ${pct(mean(pCot.map((p) => 2 * p * (1 - p))))}%`);
  // Across models: the sim ranks questions by the same z for gpt-4o-mini, so its errors nest in the weaker model's.
  const miniFacts = await recordedStyleFacts({ replayDir: resolve(values['replay-dir']), model: findReplayModel('gpt-4o-mini')!, task: taskName, problems });
  const miniCot = miniFacts.find((fact) => fact.role === 'cot' && fact.sample === 0)!;
  const mini = loadSimProfile('gpt-4o-mini').tasks.gsm8k;
  const pMini = splitDifficulties(profile, mini, taskName, problems).map((z) => sigmoid(mini.skills.cot.intercept - z));
  console.log(`recorded gpt-4 ${cot.style} vs gpt-4o-mini ${miniCot.style}: disagree on ${pct(disagreement(cot, miniCot))}%; sim gpt-4 vs sim gpt-4o-mini CoT (expected): ${pct(mean(pCot.map((p, i) => p * (1 - pMini[i]!) + pMini[i]! * (1 - p))))}%`);
}
