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
 * Deliberate changes since (issue 14), each its own commit: (1) eval summaries gained `rules` and
 * `adaptivity` (distinct topologies, entropy, most common share, the most common topology run on
 * every query): only the summary.json of the three `train` runs and of `eval` changed; weights,
 * metrics, results and traces were unchanged. (2) the default rule set became `lamas`. Weights are computed with tfjs
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
 * every other key (today `hyperparameters`).
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
// Expected digests, produced by commits 1a907de and 34be2c8 (see the header). Keys: run name, then artefact.
// ---------------------------------------------------------------------------------------------
const expected: Record<string, Record<string, string>> = {
  'run gsm8k seed0 layer': {
    'summary.json': 'd1943d6c0905c54987fc5bc9776d4067c750f6fd08ec46040551c4bb703c360c',
    'results.jsonl': '45f730c5ad9368029d27b2c8a3d00fe8654d142d118672a910b8aaf60a5429c9',
    'trace.jsonl': '35218724c2ea5232199dc56a0c97db8699f0730f058df32d828ec1fb74d5550f',
  },
  'run gsm8k seed0 ready': {
    'summary.json': '765521bf92454796810c22aca3d1beb66b8942b9b2a12229e96c78eeb56e2e45',
    'results.jsonl': '8dda13bc5d31a06d55b3707be5082d853aa3b5ce6a06862259978e6008e8c887',
    'trace.jsonl': '2d1c122b19c08c46b76effe123f4f283b3b1cf66a6305847ffa9e080afe4ebb6',
  },
  'run gsm8k seed0 sequential': {
    'summary.json': '5ead4453067ca61cd181099c18d239d95ba1f5210707766c58012eafb220457d',
    'results.jsonl': '7ca876beab35a65a87dee885cc8c407fe5a2bfcea5810aa3f1203948180b8e3b',
    'trace.jsonl': '84a6f0c96d35969572870fc3ea61b214c88d711f337d213126ef00574d65d43c',
  },
  'run gsm8k seed1 layer': {
    'summary.json': '3e377b1341ea24e7b941596924db2154acc7b8eca61f1e41304079d6620a9a93',
    'results.jsonl': '35754fd1b011c85cc08ec5132114c12cfd819357edac2535e436422dab9c3c6c',
    'trace.jsonl': '0635bfc3b3173b3613541815c64a27484f29948c2b38c4ebbe4100ea7ac45cf3',
  },
  'run gsm8k seed1 ready': {
    'summary.json': '67c527b11854635df65a4544979ad31026bd1ae8a6b9763747f3099268ea5b90',
    'results.jsonl': '63ca5c9f45f0cb8ea1075b7223117fe1174d55b15963cc2394c96bef703fe7e7',
    'trace.jsonl': 'ebc1e9fbd78f135659e4d5eff2193fb4c8ebb3f885a3bfefc6904900b488b6f0',
  },
  'run gsm8k seed1 sequential': {
    'summary.json': '257ba0fa2ddcfeab37f6dd2efdf0f769c4bf401343984db04e4f1f29db151206',
    'results.jsonl': '5095bbb16af43935cc580cd151c1f9b342a3ba8f6459f59fa97dde8450fa3065',
    'trace.jsonl': '79c810124b2ca10f2916a1aa0e17b800cf153d2429030b9032f17e2c4541db8f',
  },
  'run math seed0 layer': {
    'summary.json': 'e52a75135f4384bc4cb6a385bb6fc61a018150b5f81f85b5431874907f08f409',
    'results.jsonl': 'a22500199dfbd88f2df614d63841ce9e5d58f721cfc1d36b5eeba39fdeaad98f',
    'trace.jsonl': 'cb0408ee2ac2689c0a13eaf17337fc81998edb3c15f1fcd73a62c86f200c25fe',
  },
  'run math seed0 ready': {
    'summary.json': 'a7158d73c9b04cf9c9ac223cfe1c7a9d99207a344210399ef45c894d433509a1',
    'results.jsonl': '9e85422ab2d88262758d2c8430a0a2a3e2b6502a48024b9faf9cb606a0888642',
    'trace.jsonl': 'b4488e01f2c7a1e3858e79b2669bd9237342b1989d4657c9662d34a46f955f34',
  },
  'run math seed0 sequential': {
    'summary.json': '25ac35fd79e79404e3b1f76d3b34a4d945ef85c5e43ae9b5ac8c3c043e612ca0',
    'results.jsonl': 'cac945784665e6b1944530eb412fb8226a717a9d2d243cfb7d141b0baa1f9536',
    'trace.jsonl': 'c1636337e3214738db5b3ae924e585d3709bbce0b319d2a8984e7252b2ab80a7',
  },
  'run math seed1 layer': {
    'summary.json': '75775b56eb2d9c81937e5412052a4629403a982e1700dbef33bcc31cea374104',
    'results.jsonl': '95704ce31bf8be65c4b6e6a45b9222cab63598fe547624bb1747937a5eb7b20a',
    'trace.jsonl': '55d52690c8ac5ffd8bdd0c2e09c6e071c9fa58b3912486d785c6975a336e72ae',
  },
  'run math seed1 ready': {
    'summary.json': 'd59509572cf70dee839733894b336c345fb9ac2249afeeb420c10a716c0be1a5',
    'results.jsonl': '25304077a723ccfe8f1da96ff473b344ba8f862a5992f042b743477da46398d8',
    'trace.jsonl': '65723ba7e53109a941171d48121e29814402f42b1aed57ef8640e7bfcb221fc2',
  },
  'run math seed1 sequential': {
    'summary.json': 'ca65a6e62e92c3778a24c533c1c8cb934c59b972773d0b7b304b14483a14cd28',
    'results.jsonl': '0b8bfc8466405eabd074ff33a50a7f3222e78d3953d4696330a8519fdbf22838',
    'trace.jsonl': '34b5080e0939724f0948e1b3ec92d78a5d4fc9b3c8c884e0802691f4dd92d162',
  },
  'run humaneval seed0 layer': {
    'summary.json': 'f409832416769c10f4e10d35605f55aaad6f673b879811609387eb823c9892fe',
    'results.jsonl': '4c49044209c9552e11de335bb79ce791d897405e116dee4ecc1632ec12f7652e',
    'trace.jsonl': 'd8309477df65855a07930c2b9e63b79076ab13d47b4304082d6915546f59b0f9',
  },
  'run humaneval seed0 ready': {
    'summary.json': 'dc03b6b52a7ddc51a317692ef96b168a889ec2b31788b10606d186788b7017ec',
    'results.jsonl': '0f44d571bc0b320518d2e01662d57197b6f31a0f375289eba7099a2796a6beea',
    'trace.jsonl': '6a88d09b4e606f2555f6db09cda81cd1869b571e2a4b301c88b8a04b4f54c38d',
  },
  'run humaneval seed0 sequential': {
    'summary.json': '7501ff8a9f6a570a613be32ba2a8c89bc8373000e0f2ec85d82485db796e8aa7',
    'results.jsonl': '78b587cee3b47106d468f84503c9241e86c91b67c435a0b988803a3e4313b3f8',
    'trace.jsonl': 'fccef514ea750c0e93f8ee0b96c0d62f5b1608190c2efbe2d48085f34fd593a2',
  },
  'run humaneval seed1 layer': {
    'summary.json': 'e810ba9d2ad67925b8c779d3785d95487b503ce2a2b9b791963c6ac94b2fba35',
    'results.jsonl': '634da9ccb3c4584d898a0fdbf0a5f0462b77145b89bc35b8c47b92361d65c355',
    'trace.jsonl': 'df2273c28d60b55cdba1fa257144259e5b591b30b7d6b7bc8d05482593091d8f',
  },
  'run humaneval seed1 ready': {
    'summary.json': '1daf3d27d231f04c7f0d90683d553e4558166a80905b12c8720565752bf3eb8c',
    'results.jsonl': '9514e7722082976fcce8669f22e5442cbd7b88f06f6b1eaa1bc4401642faf5f7',
    'trace.jsonl': 'e87fcf4918fcb6108a0052d303135f6ef9ed0ad4237a54db4c5ede186e504341',
  },
  'run humaneval seed1 sequential': {
    'summary.json': 'c3dd56987028770fd4d75b05165ec11a41c6e86aa98789234a12355947eac3a5',
    'results.jsonl': '0c59aa3a0efe1be9049e4369588ec706e39f4942cf72aa4eb584f3719667cbfb',
    'trace.jsonl': 'e8796ead9feed6ff1f5fadfaeb49000a1339203ffc0dac2fbb6f3b7c670a8b79',
  },
  'teams gsm8k seed0 early-stop': {
    'summary.json': 'bffeb005b7ca313d533a97eec90defdcb52f8b904a7186d93346a18e17801069',
    'results.jsonl': '60d35d7d7ff0747e341c409ca03fecd7635955e5c7635c66cdaa57311b5972fb',
    'trace.jsonl': 'b2a1549c8a6d40057a8075590ebe225955ef9bd2102e99de8324989f59c7b11a',
  },
  'teams gsm8k seed1 early-stop': {
    'summary.json': '942bb7188793e435ca2cb38757ed1a5df66c605c57b86707e4ade43d1b270c52',
    'results.jsonl': '163e31f1f1d2946294fdb8c59681c985f1d84f1a7e4e824b4adcf5deb9c3421e',
    'trace.jsonl': '59e81981b12f9a4730eaf2627ae16de136be191fb1007b340f316c600f702b33',
  },
  'teams gsm8k seed0 aggregate': {
    'summary.json': '24189f6d6aa52b5da7537fcefe6643fbc46eb1f5ca55516845216055a3524842',
    'results.jsonl': 'bbef5003a3ef3667abb2079838dbb5047e8a6eb23ecda826a20dd628c74a549f',
    'trace.jsonl': 'd54a7ad025e6406e4c9a073ce09599002ae6cc270fb64ff04576f52f628651de',
  },
  'teams gsm8k seed1 aggregate': {
    'summary.json': 'ac3cb9392b4045ab5d33e90907934c9f607d931d018c1c1293cdf362e7634ba2',
    'results.jsonl': '0a8baa4672b707cdedd2eea676cb2ecd30cb9ec1e68a19359c228a84ce69533f',
    'trace.jsonl': '166384d9f89423e7c589b27eea40cc4696199e8f93b4ef0120f12626d68afa72',
  },
  'teams math seed0 early-stop': {
    'summary.json': 'fd029879b7d10cce6861e3cda853b85a7d79f99cf4949309f787cbe79abaff05',
    'results.jsonl': '00496bf63204d331f5f0c87e51c80ef65695b47a0025e2f88136473743561c8c',
    'trace.jsonl': 'd1e9cb193aab96739fff3ac6eb9496a07f833c60770fde1756a30cfc91c62d73',
  },
  'teams math seed1 early-stop': {
    'summary.json': '62ee4039d990fd289f50f228194347ffc797978f7b3a1fcbee29ce300e302876',
    'results.jsonl': '80016c670a95e6b555f8a049c978a44340444497f156f5f6ecd4283306eff56a',
    'trace.jsonl': 'cbcd0ab51dddc3a1749adb15d0a7d7bc19aa83970e48d223137ebc5efdf72921',
  },
  'teams math seed0 aggregate': {
    'summary.json': '8f9e57fed3d99bc6cda77a45ef0a2d3136a6c592a584bdbb3a9a1c2a4f1fe2f8',
    'results.jsonl': '5781e6f6dc99c5527db8ea4b83376ef4a4e957e1b8f01606a27485d2775b367d',
    'trace.jsonl': '7d7c0d960b3dfbb930b67467d97e795987fe5a3c9b5a7b39fdc3e24fa2615b05',
  },
  'teams math seed1 aggregate': {
    'summary.json': '43e10da0779e28352d7d6193dc9a1fc5b7079e60e29ab9921819ec214a85ee48',
    'results.jsonl': 'c2baa3cc3561a04bd50aa6b8dcb9cb3b6e35944f9d256bd5602b6197eac87315',
    'trace.jsonl': '152fbf9f0fb00937a8cf05421b8b861bb30e41bc6e332045a7ffb9fda046bee2',
  },
  'teams humaneval seed0 early-stop': {
    'summary.json': '746dee32f1f7811740bf66f011e1b6db490f0a8a2642df17ea6e45a49ac8104b',
    'results.jsonl': '2feef346ff7326cfda85c93484fda3d04193792b979232844170adcad4ce7bcc',
    'trace.jsonl': '8200cefa0eac2b9c16b1efb31f387ff204efebf8250eca4c19ee218b984d6901',
  },
  'teams humaneval seed1 aggregate': {
    'summary.json': 'ad67a01162917a3d0809097eca2b4cd31e8c86adefd274f076a8453734f1f9b4',
    'results.jsonl': '4a9061eaf59c02831113eba4553d98d8a672e4aeaec6dc3dfc57f0772ee5a0a4',
    'trace.jsonl': 'cf39501d9e50f79b01ee2cfde1059036cae7d153b396d3b2aa9b69dd651c5faf',
  },
  'train gsm8k seed0': {
    'summary.json': '20678c1ed9cd4474365ccd502478408a6b357f51c51a9bd36a2ca1b4fb9aa5ee',
    'metrics.csv': '696e840775b8b0e73c6ccf945cf71618b76ed15639eb4c89d660d80c72244373',
    'checkpoint/controller.json#model': '456522bd7683b25b4c5dbb6a2243049ca48ed92cdec19d1bff4334b938896687',
    'checkpoint/controller.json#config': '1f80faf3b64c4ee3ea68a420ec70436a0963cbcf201e121051a9ca521a25c8e0',
    'checkpoint/weights.bin': '8984f5de9dcb101749a533a4b6af7e9dfa78c3b7a2e4d6c19d3e2632eda75e70',
    'checkpoint/optimizer.bin': 'fd61a137499ba749a2d47ab92ac9bec063d914a6ac6849a0a60f1f5b6980d178',
    'eval/summary.json': '3f051f2e5669ca6cfaee997ba01190851ca2724831bbeaa20d4dc1f6286bccd0',
    'eval/results.jsonl': 'f14bc1bca603f34f444048eeee933f7c8a008a99d1d867532c97d8dc45a67e70',
    'eval/trace.jsonl': 'dd94521e4df0ca349381afe4ea7540dfac49a0a8d865deed3d82e4e9f329f5d0',
  },
  'train math seed0': {
    'summary.json': '44ade54e9ab07e5fa7a402110b1822bd1d9a09466e7c49aadfe73e07436bbbde',
    'metrics.csv': '4c9187e8224dec80014c0b6bfa93fc18d4ed1bdf28a8b49f0b82c770509edf11',
    'checkpoint/controller.json#model': 'abfb25c673ded215d772ac9ead7081c5d74b70621364b18c980c31b66d79b860',
    'checkpoint/controller.json#config': '3dac83972f38d3fbbddfba5eb167cde34adb66a5c4b52fdd5ba410eeb752e89d',
    'checkpoint/weights.bin': '64be082c23f76504a2561332f7bbbbd4609a5a1da7833b0b3c11d8330b2188fc',
    'checkpoint/optimizer.bin': '39dba46c56bde319dff127dcc8cfcf93b3ece75fbb09d6964dead565af0f2be3',
    'eval/summary.json': 'dd247fb0264c7edb23f161677c5a4f2fdec3fc8260506902277c7809684c3cd2',
    'eval/results.jsonl': '2096487aff72ad5ed4d0443520906faa6e6978b1e9153723100776c83acab8fc',
    'eval/trace.jsonl': '57865f98b8e8e9407cf7ce285ecd4f044f800e4b123c7c3a4b9cb96433dbea94',
  },
  'train humaneval seed0': {
    'summary.json': 'f5133078b2c82685c530d751ce94b74d192473255558b8af2d06a891543c204f',
    'metrics.csv': '134f87c81cf9571b03afb00ec2e971915080fa90903004ccaddeeea5405ec618',
    'checkpoint/controller.json#model': '1f8169aaba849af62df5bd2da9e97110445428ac827fc7e800f6b45e5a6cdc9c',
    'checkpoint/controller.json#config': '5567fe8145d9c5ec387a2b0b16f2fe49caca2d01377f54eaf847e4440908a24b',
    'checkpoint/weights.bin': '1737ba766633b72e1cf427ece90c7fe1b0319c94232623a7c114127547e8b57a',
    'checkpoint/optimizer.bin': 'df283e912d66a785058c2988c256c3f602e3339486ebfc5998163493addf3240',
    'eval/summary.json': '9a2f13aba5c36068b32125bd25d58c76acca913838d45f992f9347243bb936a5',
    'eval/results.jsonl': 'fcf5e0a9949268cec428b54250280947c6842d5be4381505e5f0602503dc598d',
    'eval/trace.jsonl': '4d141fa04918d2e1e1723d9cc47facb3e335b7011d3299785d276fa6036b1162',
  },
  'eval gsm8k seed0 greedy': {
    'summary.json': '174ee014ee70c695efc3e183dc08f7bbd19eaab1d10571742c51e3c06483baa1',
    'results.jsonl': '318c759de579a481b98ceb0169c741500860ab827ef3491fb99488b61a6b4c7f',
    'trace.jsonl': '09de4c40e49ffb0f8bddeaf58c15f673365a77ddd436dd4a23c80b4bdd374135',
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
