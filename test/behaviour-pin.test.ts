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
 *       (`creditBaseline: 'query'`): train runs and the greedy eval of the trained checkpoint;
 *   (10) a query's usage is summed in a canonical order, not in the order its calls finished
 *       (float sums depend on order; a sharded eval differed from the local one in a cost's last
 *       bits): most runs' costs, and the train runs through the reward.
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
    'results.jsonl': '116dcf1157985163533e30d062dcf0732c6d7926dd94ec56388320d98096729b',
    'trace.jsonl': '309e383f8f809fa2021ea16d7b404c8a3172eff78e45e37426eeae44fc532f0a',
  },
  'run gsm8k seed0 ready': {
    'summary.json': '26a60ed314652ea7043d5091d53caa7c2db38f02d9ba713003d70ef1da7e39f2',
    'results.jsonl': '87aedf009eb07ded45e43360937b25f00835291c6785fba78c0d56e581d75096',
    'trace.jsonl': '9caa226a86fbbab0b74669669b7dc7695a745917643715878fafc401f13f7317',
  },
  'run gsm8k seed0 sequential': {
    'summary.json': '29d0721c36e15656c53ef0bfb6fa894de0315896ad74d2a7e96fcc37aceaddd8',
    'results.jsonl': '541b6fa93a30265b75399676a85accabc4a5f8cc2cb2db5bf56ab814578de1a2',
    'trace.jsonl': '8f3c4c236aa98db7fbc5c2fa441bb067c657564c330ac4f804b4996c2c6d48c8',
  },
  'run gsm8k seed1 layer': {
    'summary.json': '7011763d3532ccfd5d867ee9a1c920d4275ab812878ca0937b0da3438ffb077a',
    'results.jsonl': '58cd4057c77ebce09b5f93e573dbd10de7e64c2ad4e6b08d8b9231d2b784fa10',
    'trace.jsonl': 'f861aee55a8cad801c57885d523333942a2b80e66d424a6b9bc5ac76524aeb95',
  },
  'run gsm8k seed1 ready': {
    'summary.json': 'e84b315770722812a461ab87b316a93292f337b7f0623626398e9cdc87ff1e81',
    'results.jsonl': 'da1c6f0c14f0436c6a3f8b8e79147722a563c9e38c682065e66a3969d2356e58',
    'trace.jsonl': '08e807943034269b76c4390b844db5792ff702438a8a060fa3278be3b90a6c91',
  },
  'run gsm8k seed1 sequential': {
    'summary.json': '55c1e5ed5e3155e761da7c95ce5ee088a18b51bd4840d1f35adbcc8b39b0ffac',
    'results.jsonl': '6f0e8ec9d6881f0ee926e17d1bea1ef6c591387623991f3cbbcda07b24243d85',
    'trace.jsonl': 'dab9ae2438cf23e9b284af6f12ecddb7ad5e1e2e6a580b2d740763b60e0f7b43',
  },
  'run math seed0 layer': {
    'summary.json': '33446d80d77ae826e1681070c05d150e74310731bb640c3cfca4eb151aa0aa84',
    'results.jsonl': '4c09502d22b7b7c24c3c1f3b55d7d48a40bbefef0bd6b2b47963cc9cb814205b',
    'trace.jsonl': 'd27b0242614bed23cd67da6b9028c9d8dcd0b01aa3136786dec2924a26260f9f',
  },
  'run math seed0 ready': {
    'summary.json': '6e91f27291886103c7c5aa1d19602edc86f233f1f131d697f778f6db1e8d3de7',
    'results.jsonl': '258f0b08ed1b7c645cbdc5fb234ec90a0713e8f39134f2132a671911c255123d',
    'trace.jsonl': '4eab0a136b9f586beab0b88ceb135e63501b9459c165b20008b592fe2326c211',
  },
  'run math seed0 sequential': {
    'summary.json': 'b41a50be4467c3ff14b17a3db9a9d215038124e7b10547ae17532681cbd02581',
    'results.jsonl': '52b6498ef6e7a2c7cc5518e6cab997bf2927bb764885bc53d54684738f93dcaa',
    'trace.jsonl': 'e4900e9ebf8e8c964633a17366201b3d162f4063fe647cce8bc5bc02563c70ae',
  },
  'run math seed1 layer': {
    'summary.json': 'fbe38c9196ab47f5818565801af78558e771daa9638bd69ac83d2bd446c12e21',
    'results.jsonl': 'cdeabc913cbd70c89fbfd8e2383c8368944d5dc351f17a1f932a2efe474594f0',
    'trace.jsonl': '10f66e28c08bb3c11d22b14f010f2f7a33932766bc6fc5f8b2e650ad01ff66bd',
  },
  'run math seed1 ready': {
    'summary.json': '0862f695e6bbb0dd66681642beee70306b204bedf75af94714bcffba4598491e',
    'results.jsonl': '76444961f0a8891f6abbfe0fc0a1a07a4fb2a20f4b8f371b8a217f831744eac8',
    'trace.jsonl': 'd2e0491a94f32420465fc006f602e20b49d35b602667a0560c8da55917b3190d',
  },
  'run math seed1 sequential': {
    'summary.json': '95909662e9c00267d974614d5f76fef449df3f9007f3aa05fa3a1a8381295ebd',
    'results.jsonl': '07f8b535efed2e5d5aee9aaf5d27cea38cf3c2ae9b6fecc4eaa5085245ff4afe',
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
    'results.jsonl': '41e035c5f7ab0536119895212e335cdcb4bd7f724dabc14716db2f86d090f360',
    'trace.jsonl': 'df2273c28d60b55cdba1fa257144259e5b591b30b7d6b7bc8d05482593091d8f',
  },
  'run humaneval seed1 ready': {
    'summary.json': 'cda37d36b4117438e34f08a0200b4012072ed28e2f13b797a3d1a0592c702b4c',
    'results.jsonl': '08ea88c0689ad942b5f91f65c953f8308257dd2817758592035bed286d1e994e',
    'trace.jsonl': 'e87fcf4918fcb6108a0052d303135f6ef9ed0ad4237a54db4c5ede186e504341',
  },
  'run humaneval seed1 sequential': {
    'summary.json': '151f8044409469f37b3f9d1b870d1eaf0342c8e7b312c727b3229e4bcd9159ed',
    'results.jsonl': 'f1255c361c6618aacc5f922886069f9dcf3682c06cb95cc60ac3cc78267af4ff',
    'trace.jsonl': 'e8796ead9feed6ff1f5fadfaeb49000a1339203ffc0dac2fbb6f3b7c670a8b79',
  },
  'teams gsm8k seed0 early-stop': {
    'summary.json': 'd0d5347a066d8ebcb3ef37127940a50b3cf640c7706d99be653b8d2f7b63b364',
    'results.jsonl': '4f57d3201287c43d4889bc71be41071c30f13575d246ed405cb1f607facdb788',
    'trace.jsonl': '30479b918567d7c1723d23592d9e1a4cc02658fb9cb7eac8c1628da51f896a87',
  },
  'teams gsm8k seed1 early-stop': {
    'summary.json': '2129cbf27e1c677a62a48e61547ace728f5950166b1b57c52003021b5d90c5d1',
    'results.jsonl': 'f573f1f286e91f0f93c59274605cd65e17be93ac0edd5648d4204df92e31c78e',
    'trace.jsonl': 'ef22481a93359a9289e66e203c8562404bb7388e99586b0c866fe2831e694769',
  },
  'teams gsm8k seed0 aggregate': {
    'summary.json': 'd0705c5d18d6847c20ee9b0a9dc1dad34899b84ebdbfefd41e3941367949a37d',
    'results.jsonl': 'b00e50eff73fe349dd2284b8aad8366f559b8db184a0383f7ec65857eb545e02',
    'trace.jsonl': '108f1b17ba3280200983e3b4cc12c83f57d0935ea632fbba18770ed63d43af84',
  },
  'teams gsm8k seed1 aggregate': {
    'summary.json': 'd6daf4a17c96020a1a91170008d24d529d093c473f5cd18d3fbd851f21d7aa8a',
    'results.jsonl': 'a1d6bc47a9bc6304a38a30590a53f8f3ad575ead82e4147c10b2b9320971822e',
    'trace.jsonl': '98094c6212968f05e1a909d6a1aa90dd4e11bac6088a8652a2eb995186060916',
  },
  'teams math seed0 early-stop': {
    'summary.json': '689aa731318449712ca3cf5d1bdbfc9c83dd6930f338b8ab3b31a1d89743f259',
    'results.jsonl': '2158277e0cb70b7f2ec0cbdded59319fa56bd91f90bbf1c02e9f70851484c0ff',
    'trace.jsonl': '89d8feb3e50727b2ba4cf14a9f366c0520b2a6a52f3aa372dc6ea3e7f39d9f00',
  },
  'teams math seed1 early-stop': {
    'summary.json': '8c82baa98c2965155d95e67d0288fcd92ab846b84cd9f245443ffcd3c0046fe9',
    'results.jsonl': 'ca94f736b12dd8f77621ab1883ed9d838cf3eb11b8a0222009b8bdde40b046ac',
    'trace.jsonl': 'fae1525b33a831a94ff4a8e8a9c9fdc19fd22dd4812839719468dbe885e30b64',
  },
  'teams math seed0 aggregate': {
    'summary.json': '6d333ee6f1f86ac9f54fd69933fe76a07656b66801af3583a138e7129d681785',
    'results.jsonl': '3f0c9d8e38970bc8683bb4e89e7f63141965a6803602495b51be0d2f2b744891',
    'trace.jsonl': '54db4a04dff491ef825d661578848c4f181d24db0bffc737e56f1cd85587266b',
  },
  'teams math seed1 aggregate': {
    'summary.json': '8b97204a816ccb6966b69d91b7c0d93de447e148803d990e277f0709716d83fc',
    'results.jsonl': '158a32de4374e74886fea86fda5e02452b4341610236a3ea83a403d2d25261f8',
    'trace.jsonl': '259de3beee793d1ed4ab5c6c491d33d853a3bff807b822eac2784033b86d35b2',
  },
  'teams humaneval seed0 early-stop': {
    'summary.json': 'e37bb47f0a456176d5eafd5b5ea0364ca63a812012e28fea19f0204094e524fd',
    'results.jsonl': '8b665a2867ba405b6017233d3c96039fb4bb968bb9c4193a9a8b326e8fdd5954',
    'trace.jsonl': '8200cefa0eac2b9c16b1efb31f387ff204efebf8250eca4c19ee218b984d6901',
  },
  'teams humaneval seed1 aggregate': {
    'summary.json': '82246ed19fb77bc8561f26fa5946c8715c36201c6e0de22a92f42b143c325699',
    'results.jsonl': '4a9061eaf59c02831113eba4553d98d8a672e4aeaec6dc3dfc57f0772ee5a0a4',
    'trace.jsonl': 'cf39501d9e50f79b01ee2cfde1059036cae7d153b396d3b2aa9b69dd651c5faf',
  },
  'train gsm8k seed0': {
    'summary.json': '7566564f39d07314d5ef8ada33528d1b9267bda7fa75062719c49f9b2be2cc3a',
    'metrics.csv': 'f6407217b0d611fcb69e3e7e9b090a564b45e5dac8ccc026e78dba3d5b77e0d7',
    'checkpoint/controller.json#model': 'df9d2416ca0d58f12a3d5d23f47acd1f65c73d7c1391cb2bf32905850ab4943c',
    'checkpoint/controller.json#config': 'c99706f01dae0d21010793ee6564eeefbee553caf902c60e9fc84293d6e73c41',
    'checkpoint/weights.bin': '402e361d490ec5e8f37bc16b12ff53cb80cd59f110965cad58e82d132e14a8b8',
    'checkpoint/optimizer.bin': 'e77be4baa74b2afd3c8085ea525d1d3a7d35c4c0728acd8da7ec2fcf66a56c05',
    'eval/summary.json': '950b2742fd03792488c027a0039a772fe9609fc7b2be1e45bd6ca50bfa46d0f2',
    'eval/results.jsonl': '227ba2385d0224737c90f761ddf459aa1cea8ecf65a5e32347319925d2f072ce',
    'eval/trace.jsonl': 'c497cdbbecf5001382e4f1e148fe6635ed30fd75961ba5edbc268005375f97c2',
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
    'eval/results.jsonl': 'f78d158dc18753d744cde3506edfc69e01f926898cb6842181292c7c899176f7',
    'eval/trace.jsonl': 'b03582257f7c1ceb6eb765dec23bbf3a780ea376d97108dbc5a47da08a2d40ef',
  },
  'train humaneval seed0': {
    'summary.json': 'b8b266fafe8c63b46f76ef16dcc11f1e4c5e57f1a777f0843038fd1d8f519f28',
    'metrics.csv': '3d68ea6ba3cfdf108ec274f77ef04df377a8512715c7c50f35815551b0ddcbe4',
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
