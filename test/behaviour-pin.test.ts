import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedDataFiles, embeddedHumanEvalPublicTestsFile } from '../data/index.ts';
import { runCli } from './capture-cli.ts';

/**
 * Behaviour pin (issue 13, first "Done when"): before the tree is refactored, the outputs of a
 * fixed set of CLI runs are digested, and the digests below were produced by the code as it
 * was (commits 1a907de and 34be2c8 give the same digests; each passed twice in a row). A refactor
 * that only moves code must leave every one of them unchanged.
 *
 * The runs: the virtual-time sim (`sim:gpt-4o-mini`, so nothing sleeps and every latency is
 * simulated, `--no-cache`) over the embedded self-made data in data/, a few queries each (4; 2
 * for humaneval, whose sandboxed checks cost about 0.5 s each on a loaded machine), driven
 * through the CLI in-process (`runCli`: the same `main` as `bin/lamas.js`) with `--out` into
 * temp dirs. Each test is named after its run, e.g. `-t "run math seed1 ready"`:
 *   - `run`, single strategy: gsm8k, math, humaneval x seeds 0, 1 x schedulers layer, ready,
 *     sequential, over three-layer topologies that use every operator of their task (Programmer
 *     and Test run in the Python sandbox; the virtual sim charges their tool time nominally, so
 *     it is deterministic), and 2-4 queries in flight;
 *   - `run --strategy teams`: early-stop (3 teams, repeated planning: the defaults) and aggregate
 *     (2 teams, LLM aggregator, diverse planning, scheduler ready), on seeds 0 and 1 for gsm8k and
 *     math; for humaneval (each attempt's self-check runs the public tests in the sandbox)
 *     early-stop on seed 0 and aggregate on seed 1;
 *   - `train`: every task, seed 0, one epoch of two batches (4 queries each; 2 for humaneval)
 *     and its final evaluation on the first test queries; then `eval --greedy` of the gsm8k
 *     checkpoint.
 *
 * What is digested (sha256), per run: summary.json, results.jsonl, trace.jsonl; per training
 * run also metrics.csv, checkpoint/controller.json (in two parts, see controllerModelKeys),
 * checkpoint/weights.bin, checkpoint/optimizer.bin and eval/{summary.json,results.jsonl,trace.jsonl}.
 *
 * Normalised before digesting, and why:
 *   - Absolute paths (the temp run directory, this checkout's root) become `<tmp>` and `<repo>`:
 *     `train`'s summary names its `out` and `checkpointDir`, and the checkpoint records its
 *     `trainData` file.
 *   - In checkpoint/controller.json, the optimizer slots' `controller<N>/` prefix: N counts the
 *     controllers this process built before (a tfjs variable-name registry is process-wide), so it
 *     depends on which tests ran first, not on training. The slots' order, shapes and offsets stay.
 *   - Measured wall-clock fields are dropped, and only these (two identical runs differ in them
 *     and in nothing else): `training.seconds` and `training.queriesPerSecond` of train's
 *     summary.json. Everything else that looks like time (`cpWallMs`, `wallMs`, trace
 *     `start`/`end`/`latencyMs`/`toolMs`, metrics.csv `cpWallMs`, teams `perTeamWallMs`) is
 *     virtual time in the virtual sim, deterministic, and pinned.
 *   - The rows of results.jsonl and trace.jsonl are digested sorted (each line kept byte for
 *     byte): rows are appended as work completes, so the rows of queries and operators in flight
 *     together interleave in event-loop order (one more `await` in a refactor reorders them) and,
 *     around sandboxed runs, in real-time order. Every row's content is pinned; the file order
 *     is not (on HEAD it happened to repeat too).
 *
 * On a mismatch the failure lists each changed run and artefact with both digests. To see what
 * changed, run this file with LAMAS_PIN_DUMP=<dir> on the old tree (`git worktree add`) and the
 * new one and diff the two dirs: they hold the normalised artefacts that were digested.
 * LAMAS_PIN_PRINT=1 prints every run's digests at the end.
 *
 * Deliberate changes since, each made on its own branch and regenerated once when they were
 * merged (the integration commit after 50e65ca says which digests moved):
 *   (1) issue 13: the checkpoint records the parsed TrainConfig as `trainedWith` instead of the
 *       hand-built `hyperparameters` (the train runs' `#config`);
 *   (2) issue 14: eval summaries gained `rules` and `adaptivity`; the default rule set became
 *       `lamas` (what runs is exactly what the policy chose; entropy bonus 0.01): train runs;
 *   (3) issue 14 item 4: `sim:gpt-4o-mini` became profile version 3 (a question's difficulty is
 *       the question's, not drawn per seed): most runs;
 *   (4) the sim's GSM8K wrong-answer pool uses the grader's equality (only references of 1e6 or
 *       more can differ);
 *   (5) issue 14 item 5: a training run's final eval/summary.json is the whole evaluation summary
 *       (rules, topologies, adaptivity), as train's summary.json has it: the train runs'
 *       eval/summary.json only;
 *   (6) sim summaries name the profile version that answered (`simProfile`): every summary.json
 *       and the train runs' eval/summary.json;
 *   (7) issue 14: the default rules' entropy bonus went from 0.01 to 0.05 (at 0.01 a GSM8K seed
 *       collapsed onto one four-layer chain): train runs;
 *   (8) issue 14: the entropy bonus decays linearly to 0 by the last step (`entropyEnd`; at a
 *       constant 0.05 a GSM8K seed drifted back to long graphs late): train runs;
 *   (9) issue 14: the default rules centre each credit on its query's earlier visits
 *       (`creditBaseline: 'query'`): train runs and the greedy eval of the trained checkpoint.
 * Weights are computed with tfjs
 * on wasm (the backend here without the optional tfjs-node); another tfjs backend gives other
 * floats, which the weights failure then says.
 */

const repoRoot = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const dataDir = join(repoRoot, 'data');
const tmpRoot = mkdtempSync(join(tmpdir(), 'lamas-pin-'));
const dumpDir = process.env.LAMAS_PIN_DUMP;

afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

/** Topologies that use every operator of the task, over three layers so the schedulers differ. */
const topologies = {
  gsm8k: 'Generate, Programmer > CoT, MultiCoT, SelfRefine > ScEnsemble, EarlyStop',
  math: 'Programmer, MultiCoT > Generate, SelfRefine, CoT > ScEnsemble, EarlyStop',
  humaneval: 'Generate, CustomCodeGenerate > CoT, Test > SelfRefine, ScEnsemble, EarlyStop',
} as const;
/** Teams run a smaller graph per team. */
const teamTopologies = { gsm8k: 'CoT > SelfRefine', math: 'MultiCoT, CoT > ScEnsemble', humaneval: 'CustomCodeGenerate > Test' } as const;
type TaskName = keyof typeof topologies;
const tasks: TaskName[] = ['gsm8k', 'math', 'humaneval'];
const seeds = [0, 1];
const schedulers = ['layer', 'ready', 'sequential'] as const;
/** Queries per run: HumanEval's sandboxed Test operator and grading cost about 0.5 s a run on a loaded machine. */
const queries: Record<TaskName, number> = { gsm8k: 4, math: 4, humaneval: 2 };
/** Training: two batches of this many queries, one epoch. */
const trainBatch: Record<TaskName, number> = { gsm8k: 4, math: 4, humaneval: 2 };
/** Teams: both modes on both seeds, except HumanEval (each attempt's self-check runs the public tests in the sandbox). */
const teamRuns = [
  { seed: 0, mode: 'early-stop', flags: ['--mode', 'early-stop'], tasks: ['gsm8k', 'math', 'humaneval'] },
  { seed: 1, mode: 'early-stop', flags: ['--mode', 'early-stop'], tasks: ['gsm8k', 'math'] },
  { seed: 0, mode: 'aggregate', flags: aggregateFlags(), tasks: ['gsm8k', 'math'] },
  { seed: 1, mode: 'aggregate', flags: aggregateFlags(), tasks: ['gsm8k', 'math', 'humaneval'] },
];
function aggregateFlags(): string[] {
  return ['--mode', 'aggregate', '--teams', '2', '--aggregator', 'llm', '--planning', 'diverse', '--scheduler', 'ready'];
}
const common = ['--llm', 'sim:gpt-4o-mini', '--sim-time', 'virtual', '--no-cache', '--json'];

/**
 * controller.json is digested in two parts, so that the planned change to what the checkpoint
 * stores of its configuration (issue 13: "the checkpoint stores the config it was trained with")
 * shows as `#config` alone: `#model` is the model and its training state (these keys), `#config`
 * every other key (today `trainedWith`).
 */
const controllerModelKeys = ['format', 'version', 'spec', 'training', 'weights', 'optimizer'];

/** Measured wall-clock fields, by path in the JSON document (see the header). */
const measured: Record<string, string[][]> = {
  'summary.json': [
    ['training', 'seconds'],
    ['training', 'queriesPerSecond'],
  ],
};

// ---------------------------------------------------------------------------------------------
// Expected digests, produced by commits 1a907de and 34be2c8, regenerated at the merge of issues 13-15 for the deliberate changes the header lists. Keys: run name, then artefact.
// ---------------------------------------------------------------------------------------------
const expected: Record<string, Record<string, string>> = {
  'run gsm8k seed0 layer': {
    'summary.json': '565ad152c46f7474378d167dbadf03e4dd81da019dfc8d2186e7118f205917bb',
    'results.jsonl': 'a087e9d15f7dec771ac44cc87e963a1deb8c9e2e177d7a855a7a5e4dc01b679e',
    'trace.jsonl': '309e383f8f809fa2021ea16d7b404c8a3172eff78e45e37426eeae44fc532f0a',
  },
  'run gsm8k seed0 ready': {
    'summary.json': '26a60ed314652ea7043d5091d53caa7c2db38f02d9ba713003d70ef1da7e39f2',
    'results.jsonl': '6856f28ee551196ae5994fc7d1fc83c62fc54ed44054d3a9d32e45cb63625f87',
    'trace.jsonl': '9caa226a86fbbab0b74669669b7dc7695a745917643715878fafc401f13f7317',
  },
  'run gsm8k seed0 sequential': {
    'summary.json': '29d0721c36e15656c53ef0bfb6fa894de0315896ad74d2a7e96fcc37aceaddd8',
    'results.jsonl': '1b8b6ce678aadaead8a16bd84dac291ec1e9527a5d6776b4b86786fd247c02d0',
    'trace.jsonl': '8f3c4c236aa98db7fbc5c2fa441bb067c657564c330ac4f804b4996c2c6d48c8',
  },
  'run gsm8k seed1 layer': {
    'summary.json': '7011763d3532ccfd5d867ee9a1c920d4275ab812878ca0937b0da3438ffb077a',
    'results.jsonl': '68eea39fad4b52eafb9598228731a8bbd67ad9cf6a68fddf38ced8da452cb4c0',
    'trace.jsonl': 'f861aee55a8cad801c57885d523333942a2b80e66d424a6b9bc5ac76524aeb95',
  },
  'run gsm8k seed1 ready': {
    'summary.json': 'e84b315770722812a461ab87b316a93292f337b7f0623626398e9cdc87ff1e81',
    'results.jsonl': '881841caf56acfcb4a05bd0219147d785587f7cc147e5b690b7f051e8c561fa6',
    'trace.jsonl': '08e807943034269b76c4390b844db5792ff702438a8a060fa3278be3b90a6c91',
  },
  'run gsm8k seed1 sequential': {
    'summary.json': '55c1e5ed5e3155e761da7c95ce5ee088a18b51bd4840d1f35adbcc8b39b0ffac',
    'results.jsonl': 'cd45f295671b86b1970fac46082c9ce76e4023e9a3accba2bc0edf10de43ac40',
    'trace.jsonl': 'dab9ae2438cf23e9b284af6f12ecddb7ad5e1e2e6a580b2d740763b60e0f7b43',
  },
  'run math seed0 layer': {
    'summary.json': '33446d80d77ae826e1681070c05d150e74310731bb640c3cfca4eb151aa0aa84',
    'results.jsonl': '0010349ed45430876b28c2f2709ddc54f8d92a9906e9db750888981e82e20317',
    'trace.jsonl': 'd27b0242614bed23cd67da6b9028c9d8dcd0b01aa3136786dec2924a26260f9f',
  },
  'run math seed0 ready': {
    'summary.json': '6e91f27291886103c7c5aa1d19602edc86f233f1f131d697f778f6db1e8d3de7',
    'results.jsonl': 'b9468cb8474b1625d03312f7a2a285e967988e0a75ca68fab0696b26f884a318',
    'trace.jsonl': '4eab0a136b9f586beab0b88ceb135e63501b9459c165b20008b592fe2326c211',
  },
  'run math seed0 sequential': {
    'summary.json': 'b41a50be4467c3ff14b17a3db9a9d215038124e7b10547ae17532681cbd02581',
    'results.jsonl': 'e5e5b057c31f046fced571a120cb07179c5d9e9a13c20f311907c0268c4245d3',
    'trace.jsonl': 'e4900e9ebf8e8c964633a17366201b3d162f4063fe647cce8bc5bc02563c70ae',
  },
  'run math seed1 layer': {
    'summary.json': 'fbe38c9196ab47f5818565801af78558e771daa9638bd69ac83d2bd446c12e21',
    'results.jsonl': '974314223081412d7f2c59c4c4100638cec83c467e14e863e62c3be50fb75695',
    'trace.jsonl': '10f66e28c08bb3c11d22b14f010f2f7a33932766bc6fc5f8b2e650ad01ff66bd',
  },
  'run math seed1 ready': {
    'summary.json': '0862f695e6bbb0dd66681642beee70306b204bedf75af94714bcffba4598491e',
    'results.jsonl': '4f5e229dbef0859b32e293d75dbd29ef08395ac11fed2b7aadd36650edf2dfae',
    'trace.jsonl': 'd2e0491a94f32420465fc006f602e20b49d35b602667a0560c8da55917b3190d',
  },
  'run math seed1 sequential': {
    'summary.json': '95909662e9c00267d974614d5f76fef449df3f9007f3aa05fa3a1a8381295ebd',
    'results.jsonl': '68d74f92a68a8f41b826273944480fe8d527394598a5b4a6aa679637719fdf79',
    'trace.jsonl': '0e38d5e00d6046a0f76fed717afc32761b338cc3210cb14827a14c71884df00c',
  },
  'run humaneval seed0 layer': {
    'summary.json': '30dd1c854058dfd340f80f3e91a7408b2b809993083b8e18e30cf1daefbe03d7',
    'results.jsonl': '4c49044209c9552e11de335bb79ce791d897405e116dee4ecc1632ec12f7652e',
    'trace.jsonl': 'd8309477df65855a07930c2b9e63b79076ab13d47b4304082d6915546f59b0f9',
  },
  'run humaneval seed0 ready': {
    'summary.json': 'a5a29d7ff8fb62fd1095d173d0d93525a60576517bf2a57acb6bcff567d607ec',
    'results.jsonl': '0f44d571bc0b320518d2e01662d57197b6f31a0f375289eba7099a2796a6beea',
    'trace.jsonl': '6a88d09b4e606f2555f6db09cda81cd1869b571e2a4b301c88b8a04b4f54c38d',
  },
  'run humaneval seed0 sequential': {
    'summary.json': '8c545623d2b13f7b6fbe2a49c0b8b5f20edf99253fc034635bb7d11dff1e71d6',
    'results.jsonl': '78b587cee3b47106d468f84503c9241e86c91b67c435a0b988803a3e4313b3f8',
    'trace.jsonl': 'fccef514ea750c0e93f8ee0b96c0d62f5b1608190c2efbe2d48085f34fd593a2',
  },
  'run humaneval seed1 layer': {
    'summary.json': '21ba5f6458812ce8c8353960344427ab877c487cdae64c62cdb998b2d2e79b6d',
    'results.jsonl': '634da9ccb3c4584d898a0fdbf0a5f0462b77145b89bc35b8c47b92361d65c355',
    'trace.jsonl': 'df2273c28d60b55cdba1fa257144259e5b591b30b7d6b7bc8d05482593091d8f',
  },
  'run humaneval seed1 ready': {
    'summary.json': 'cda37d36b4117438e34f08a0200b4012072ed28e2f13b797a3d1a0592c702b4c',
    'results.jsonl': '9514e7722082976fcce8669f22e5442cbd7b88f06f6b1eaa1bc4401642faf5f7',
    'trace.jsonl': 'e87fcf4918fcb6108a0052d303135f6ef9ed0ad4237a54db4c5ede186e504341',
  },
  'run humaneval seed1 sequential': {
    'summary.json': '151f8044409469f37b3f9d1b870d1eaf0342c8e7b312c727b3229e4bcd9159ed',
    'results.jsonl': '0c59aa3a0efe1be9049e4369588ec706e39f4942cf72aa4eb584f3719667cbfb',
    'trace.jsonl': 'e8796ead9feed6ff1f5fadfaeb49000a1339203ffc0dac2fbb6f3b7c670a8b79',
  },
  'teams gsm8k seed0 early-stop': {
    'summary.json': 'd0d5347a066d8ebcb3ef37127940a50b3cf640c7706d99be653b8d2f7b63b364',
    'results.jsonl': '4f57d3201287c43d4889bc71be41071c30f13575d246ed405cb1f607facdb788',
    'trace.jsonl': '30479b918567d7c1723d23592d9e1a4cc02658fb9cb7eac8c1628da51f896a87',
  },
  'teams gsm8k seed1 early-stop': {
    'summary.json': '2129cbf27e1c677a62a48e61547ace728f5950166b1b57c52003021b5d90c5d1',
    'results.jsonl': 'ec4bd57bf5d2e1db717f1e9257fed0657d463fbd9063251a2431dbb4fac38a14',
    'trace.jsonl': 'ef22481a93359a9289e66e203c8562404bb7388e99586b0c866fe2831e694769',
  },
  'teams gsm8k seed0 aggregate': {
    'summary.json': 'd0705c5d18d6847c20ee9b0a9dc1dad34899b84ebdbfefd41e3941367949a37d',
    'results.jsonl': '8d212a5151ed826d48df419abf4e4b5ab3a84721c1cb362f2408759e7704077f',
    'trace.jsonl': '108f1b17ba3280200983e3b4cc12c83f57d0935ea632fbba18770ed63d43af84',
  },
  'teams gsm8k seed1 aggregate': {
    'summary.json': 'd6daf4a17c96020a1a91170008d24d529d093c473f5cd18d3fbd851f21d7aa8a',
    'results.jsonl': 'ee6aea86221ee6789afd90f28590bf745a0c55f60039af84970d103e894e3e31',
    'trace.jsonl': '98094c6212968f05e1a909d6a1aa90dd4e11bac6088a8652a2eb995186060916',
  },
  'teams math seed0 early-stop': {
    'summary.json': '689aa731318449712ca3cf5d1bdbfc9c83dd6930f338b8ab3b31a1d89743f259',
    'results.jsonl': '6f2fbd31513b0abdf2e750263d140c8428927740c3997b9401b1a741391c760c',
    'trace.jsonl': '59e04ae2ac09552fae82b47a39c749bd4854b9c8e6ea9690a5f923a8568f9ca4',
  },
  'teams math seed1 early-stop': {
    'summary.json': '8c82baa98c2965155d95e67d0288fcd92ab846b84cd9f245443ffcd3c0046fe9',
    'results.jsonl': '1ca4af71fbfd03dc0c6d06755bb9b6a71bf039a908b3e5ffb3b1adf9b0ad3c46',
    'trace.jsonl': 'b858ec6d720ea23cc7f40120e1257d45cd28872989fb933965b65f4cda1a8d0b',
  },
  'teams math seed0 aggregate': {
    'summary.json': '6d333ee6f1f86ac9f54fd69933fe76a07656b66801af3583a138e7129d681785',
    'results.jsonl': 'c62f5c191d9b23626ea0bfbcfd470de95b220477ece683c200701daf286b2ba8',
    'trace.jsonl': 'a0a3b2fbf4853f4851e9c231bd65ab2bb875219a53076d87162bde5ede65b157',
  },
  'teams math seed1 aggregate': {
    'summary.json': '8b97204a816ccb6966b69d91b7c0d93de447e148803d990e277f0709716d83fc',
    'results.jsonl': '91fa606f8bdafeefa01632dad6184fb5953df79fb42c9555d69ae55bd87b8751',
    'trace.jsonl': '36afc5e57b35ded8a3186c7fd8312274b499bf2bf45bd63f00764756a21108c2',
  },
  'teams humaneval seed0 early-stop': {
    'summary.json': 'e37bb47f0a456176d5eafd5b5ea0364ca63a812012e28fea19f0204094e524fd',
    'results.jsonl': '2feef346ff7326cfda85c93484fda3d04193792b979232844170adcad4ce7bcc',
    'trace.jsonl': '8200cefa0eac2b9c16b1efb31f387ff204efebf8250eca4c19ee218b984d6901',
  },
  'teams humaneval seed1 aggregate': {
    'summary.json': '82246ed19fb77bc8561f26fa5946c8715c36201c6e0de22a92f42b143c325699',
    'results.jsonl': '4a9061eaf59c02831113eba4553d98d8a672e4aeaec6dc3dfc57f0772ee5a0a4',
    'trace.jsonl': 'cf39501d9e50f79b01ee2cfde1059036cae7d153b396d3b2aa9b69dd651c5faf',
  },
  'train gsm8k seed0': {
    'summary.json': '882116cf61384ad8bd63bae9ecfb95ce409782faed28cc64d99e72b00e7e4167',
    'metrics.csv': '5cb3eab05b95f81a091c3c5f0edf2a3d637244084a1485a5510f380775e5124e',
    'checkpoint/controller.json#model': 'df9d2416ca0d58f12a3d5d23f47acd1f65c73d7c1391cb2bf32905850ab4943c',
    'checkpoint/controller.json#config': 'c99706f01dae0d21010793ee6564eeefbee553caf902c60e9fc84293d6e73c41',
    'checkpoint/weights.bin': '402e361d490ec5e8f37bc16b12ff53cb80cd59f110965cad58e82d132e14a8b8',
    'checkpoint/optimizer.bin': 'e77be4baa74b2afd3c8085ea525d1d3a7d35c4c0728acd8da7ec2fcf66a56c05',
    'eval/summary.json': '950b2742fd03792488c027a0039a772fe9609fc7b2be1e45bd6ca50bfa46d0f2',
    'eval/results.jsonl': 'a8ef0f6c02fb9b82dfdf6f91c13980cce5be8f1e1f240cd57deaaf083791b43d',
    'eval/trace.jsonl': 'dd94521e4df0ca349381afe4ea7540dfac49a0a8d865deed3d82e4e9f329f5d0',
  },
  'eval gsm8k seed0 greedy': {
    'summary.json': '8da21515b0efaf7e979e56b75bc2371082d3011f3a89bd2018bc5405d5b16d6d',
    'results.jsonl': '6d823d698835a3e4dfc9fd4571d72cb75b2a854c41efec678ba6172de41c520f',
    'trace.jsonl': '11878418f1daad654a59ffffb06270994b0653afecbb9d175e6435cba5de2366',
  },
  'train math seed0': {
    'summary.json': '76b654a8c77b910de9071eebdf999615ce09c4e20567c5048ecccb72a4737afe',
    'metrics.csv': '82581d51bbeec63671280a91f880f47b16a823a25df8bca4ca906a0cd572387a',
    'checkpoint/controller.json#model': 'cb61f38a6e74a420d6b96b8ece555995f1ac86dfd327b83dfef9da015d509819',
    'checkpoint/controller.json#config': '6338758937075acdf8b5c2a2af1c95c481543aac4927c580670f684a4e51aab5',
    'checkpoint/weights.bin': '91a7ecf0d1a67a6b3248437d614d500a43764d01b66ca3634a40e1ff7fbb6d8b',
    'checkpoint/optimizer.bin': '6ae0d7bc1d0be50f8b29731cdc4df2bc745d6276aeb4aaff25a95887111d960c',
    'eval/summary.json': '38a8cac9d734542c474bbaa3c6462ea97c84cf3ec91e42d4cd6c74116db15e28',
    'eval/results.jsonl': 'bbb38769f5fb31f25d2a70923dad19a1c04939acd0210571a8abd818a0074723',
    'eval/trace.jsonl': 'df7bcf8ca9a7545c93e01913a9f72cffff43d917f8361865beb2555af24b5c26',
  },
  'train humaneval seed0': {
    'summary.json': 'b8b266fafe8c63b46f76ef16dcc11f1e4c5e57f1a777f0843038fd1d8f519f28',
    'metrics.csv': 'a097ce0ab77fa9462b6f8ce215e5feefb6af46a2d55fe5771dd7a97c82c0ba2c',
    'checkpoint/controller.json#model': 'c4fcf93562576c04b45141c43bf5a325939ce747d94f0a4f5573c916b12d62ea',
    'checkpoint/controller.json#config': '3c7364ae92a8daa94a9fcc709e0e138e78aa10d275cf510389dfd202023e2eb8',
    'checkpoint/weights.bin': 'd71830fc423d5e63f1662593b0703c98e10cf94025a3100ee95eb33ea6806c0b',
    'checkpoint/optimizer.bin': 'b60c5fb13212de399d7280b570f6bca33233a2147a2bcd6cccb3d4e551b5ee23',
    'eval/summary.json': 'c81daf2a076f7a4d0da3bb731548638e86387260493403d6dbf4ea6496521616',
    'eval/results.jsonl': 'fcf5e0a9949268cec428b54250280947c6842d5be4381505e5f0602503dc598d',
    'eval/trace.jsonl': '4d141fa04918d2e1e1723d9cc47facb3e335b7011d3299785d276fa6036b1162',
  },
};

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function normalisePaths(text: string): string {
  return text.replaceAll(tmpRoot, '<tmp>').replaceAll(repoRoot, '<repo>');
}

function dropPath(value: unknown, path: string[]): void {
  let node = value as Record<string, unknown> | undefined;
  for (const key of path.slice(0, -1)) node = node?.[key] as Record<string, unknown> | undefined;
  if (node && typeof node === 'object') delete node[path.at(-1)!];
}

/** The bytes digested for one artefact of a run directory (see the header for the rules). */
function normalised(runDir: string, artefact: string): string | Buffer {
  const [file, part] = artefact.split('#') as [string, 'model' | 'config' | undefined];
  const path = join(runDir, file);
  if (!existsSync(path)) return '<missing>';
  if (file.endsWith('.bin')) return readFileSync(path);
  let text = normalisePaths(readFileSync(path, 'utf8'));
  // Adam's slots are named after the model's tfjs variables, `controller<N>/w0/m`, where N counts
  // the models this process built so far (ControllerModel.fromWeights): process history, not training.
  if (file === 'checkpoint/controller.json') text = text.replace(/"controller\d+\//g, '"controller<N>/');
  if (part) {
    const json = JSON.parse(text) as Record<string, unknown>;
    const picked = Object.fromEntries(Object.entries(json).filter(([key]) => controllerModelKeys.includes(key) === (part === 'model')));
    return `${JSON.stringify(picked, null, 2)}\n`;
  }
  if (file.endsWith('.jsonl')) {
    return `${text
      .split('\n')
      .filter((line) => line !== '')
      .sort()
      .join('\n')}\n`;
  }
  if (file.endsWith('.json')) {
    const json: unknown = JSON.parse(text);
    for (const drop of measured[file] ?? []) dropPath(json, drop);
    return `${JSON.stringify(json, null, 2)}\n`;
  }
  return text;
}

function digests(name: string, runDir: string, files: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of files) {
    const bytes = normalised(runDir, file);
    out[file] = sha256(bytes);
    if (dumpDir) {
      const target = join(dumpDir, name.replace(/[^\w.-]+/g, '_'), file.replace('#', '.'));
      mkdirSync(join(target, '..'), { recursive: true });
      writeFileSync(target, bytes);
    }
  }
  return out;
}

const kindOf: Record<string, string> = {
  'summary.json': 'summary',
  'results.jsonl': 'results',
  'trace.jsonl': 'trace',
  'metrics.csv': 'metrics',
  'checkpoint/controller.json#model': 'weights (controller.json: spec, training state, tensor layout)',
  'checkpoint/controller.json#config': 'weights (controller.json: the configuration it records)',
  'checkpoint/weights.bin': 'weights (weights.bin)',
  'checkpoint/optimizer.bin': 'weights (optimizer.bin)',
  'eval/summary.json': 'final-eval summary',
  'eval/results.jsonl': 'final-eval results',
  'eval/trace.jsonl': 'final-eval trace',
};

const actualAll: Record<string, Record<string, string>> = {};

/** Runs the CLI, then compares every artefact's digest, naming the run and artefact that changed. */
async function pin(name: string, args: string[], files: string[], runDir: string, extra?: () => string): Promise<string[]> {
  const result = await runCli([...args, ...common]);
  expect(result.code, `${name}: lamas ${args.join(' ')} exited ${result.code}\n${result.stderr}`).toBe(0);
  const actual = digests(name, runDir, files);
  actualAll[name] = actual;
  const want = expected[name] ?? {};
  const changed = files
    .filter((file) => want[file] !== actual[file])
    .map((file) => `${name}: ${kindOf[file] ?? file} changed (${file}: expected ${want[file] ?? '<none>'}, got ${actual[file]})${extra && file.endsWith('.bin') ? `; ${extra()}` : ''}`);
  const command = args.map((arg) => (/\s/.test(arg) ? JSON.stringify(arg) : arg)).join(' ');
  return changed.length === 0 ? [] : [`lamas ${command}`, ...changed.map((line) => `  ${line}`)];
}

function expectUnchanged(changed: string[]): void {
  expect(changed, 'behaviour changed: the runs and artefacts below digest differently from before the refactor').toEqual([]);
}

const runFiles = ['summary.json', 'results.jsonl', 'trace.jsonl'];
const trainFiles = ['summary.json', 'metrics.csv', 'checkpoint/controller.json#model', 'checkpoint/controller.json#config', 'checkpoint/weights.bin', 'checkpoint/optimizer.bin', 'eval/summary.json', 'eval/results.jsonl', 'eval/trace.jsonl'];

describe('behaviour pin (issue 13): sim runs digest the same as before the refactor', { timeout: 180_000 }, () => {
  afterAll(() => {
    if (process.env.LAMAS_PIN_PRINT) process.stdout.write(`\nactual digests:\n${JSON.stringify(actualAll, null, 2)}\n`);
  });

  for (const task of tasks) {
    for (const seed of seeds) {
      for (const scheduler of schedulers) {
        const name = `run ${task} seed${seed} ${scheduler}`;
        it(name, async () => {
          const out = join(tmpRoot, name.replaceAll(' ', '-'));
          const args = ['run', '--task', task, '--split', 'test', '--limit', String(queries[task]), '--seed', String(seed), '--scheduler', scheduler, '--topology', topologies[task], '--out', out];
          expectUnchanged(await pin(name, args, runFiles, out));
        });
      }
    }
  }

  for (const task of tasks) {
    for (const { seed, mode, flags } of teamRuns.filter((run) => run.tasks.includes(task))) {
      const name = `teams ${task} seed${seed} ${mode}`;
      it(name, async () => {
        const out = join(tmpRoot, name.replaceAll(' ', '-'));
        const args = ['run', '--task', task, '--strategy', 'teams', ...flags, '--split', 'test', '--limit', String(queries[task]), '--seed', String(seed), '--topology', teamTopologies[task], '--out', out];
        expectUnchanged(await pin(name, args, runFiles, out));
      });
    }
  }

  for (const task of tasks) {
    const name = `train ${task} seed0`;
    it(`${name}${task === 'gsm8k' ? ', then eval gsm8k seed0 greedy' : ''}`, async () => {
      const out = join(tmpRoot, name.replaceAll(' ', '-'));
      // The final evaluation's test set: the first queries of the embedded test split (humaneval's
      // public tests sit beside it, where `--test-data` looks for them).
      const testDir = join(tmpRoot, `test-data-${task}`);
      mkdirSync(testDir, { recursive: true });
      const testData = join(testDir, 'test.jsonl');
      const lines = readFileSync(join(dataDir, embeddedDataFiles[task].test), 'utf8').split('\n').filter(Boolean);
      writeFileSync(testData, `${lines.slice(0, queries[task]).join('\n')}\n`);
      if (task === 'humaneval') copyFileSync(join(dataDir, embeddedHumanEvalPublicTestsFile), join(testDir, 'humaneval_public_test.jsonl'));
      const args = ['train', '--task', task, '--split', 'train', '--limit', String(2 * trainBatch[task]), '--batch-size', String(trainBatch[task]), '--epochs', '1', '--seed', '0', '--test-data', testData, '--out', out];
      const backend = () => `trained on tfjs-${(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { training: { tfBackend: string } }).training.tfBackend} (pinned on tfjs-wasm)`;
      const changed = await pin(name, args, trainFiles, out, backend);
      if (task === 'gsm8k') {
        // `lamas eval` of the checkpoint just trained, greedy (the argmax path of topology choice).
        const evalName = 'eval gsm8k seed0 greedy';
        const evalOut = join(tmpRoot, 'eval-gsm8k-greedy');
        const evalArgs = ['eval', '--checkpoint', out, '--split', 'test', '--limit', String(queries[task]), '--greedy', '--seed', '0', '--out', evalOut];
        changed.push(...(await pin(evalName, evalArgs, runFiles, evalOut)));
      }
      expectUnchanged(changed);
    });
  }
});
