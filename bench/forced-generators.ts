/**
 * How often a trained controller's own layer-0 choice has no generating operator, so that the
 * operator which answers is the one `chooseTopology` adds (the likeliest generator of what is
 * left). Per checkpoint: queries whose greedy choice has a `forcedGenerator`, and the mean
 * layer-0 probability of the consuming operators (ScEnsemble, SelfRefine, Test, EarlyStop).
 * Run: npx tsx bench/forced-generators.ts --data FILE CHECKPOINT... (a checkpoint or run directory each)
 */
import { parseArgs } from 'node:util';
import { consumingOperators } from '../operators/operator-names.ts';
import { chooseTopology } from '../src/controller/choose-topology.ts';
import { loadController } from '../src/controller/load-controller.ts';
import { getTask } from '../src/tasks/registry.ts';

const { values, positionals } = parseArgs({ options: { data: { type: 'string' } }, allowPositionals: true });
if (!values.data || positionals.length === 0) throw new Error('usage: npx tsx bench/forced-generators.ts --data FILE CHECKPOINT...');

for (const checkpoint of positionals) {
  const loaded = await loadController(checkpoint, undefined);
  const { operators, task } = loaded.checkpoint.spec;
  const consuming = operators.map((name) => consumingOperators.has(name as never));
  const problems = await getTask(task).load(values.data);
  let forced = 0;
  let consumingMass = 0;
  for (const problem of problems) {
    const [features] = await loaded.encoder.encode([problem.question]);
    const choice = chooseTopology(loaded.model, features!, null);
    if (choice.forcedGenerator !== null) forced++;
    consumingMass += choice.probabilities[0]!.reduce((sum, p, i) => sum + (consuming[i] ? p : 0), 0);
  }
  console.log(`${checkpoint}: generator forced in ${forced}/${problems.length} queries; mean layer-0 probability on consuming operators ${(consumingMass / problems.length).toFixed(3)}`);
  loaded.model.dispose();
}
