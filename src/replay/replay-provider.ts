import type { Provider } from '../backend/provider.ts';
import { createReplayChatModel } from './replay-chat-model.ts';
import { resolveReplayDir } from './replay-dir.ts';
import { findReplayModel, replayModels } from './replay-models.ts';
import { ReplayStats } from './replay-stats.ts';
import { ReplayStore } from './replay-store.ts';
import { checkOperatorsCovered } from './role-coverage.ts';

/** `--llm replay:<model>`: real recorded outputs, offline, with modeled latency (DESIGN §10). */
export const replayProvider: Provider = {
  name: 'replay',
  usage: 'replay:<model>',
  simulated: false,
  // Answers are read from files and cost nothing to recompute; a cache would also hide calls from the replay counts.
  cacheByDefault: false,
  prices: Object.fromEntries(replayModels.map((model) => [model.apiModel, { input: model.price.input, output: model.price.output }])),
  checkModel(model) {
    return findReplayModel(model) ? undefined : `unknown replay model "${model}" (expected one of ${replayModels.map((m) => m.name).join(', ')})`;
  },
  async preflight(_model, options) {
    resolveReplayDir(options.replayDir);
    return { lamasSim: false };
  },
  checkOperators(model, task, operators) {
    checkOperatorsCovered(findReplayModel(model)!, task, operators);
  },
  create(name, { options }) {
    const model = findReplayModel(name)!;
    const dir = resolveReplayDir(options.replayDir);
    const stats = new ReplayStats();
    return {
      model: createReplayChatModel({ model, store: new ReplayStore(dir, model), stats }),
      // The files behind a model name are the pinned ones wherever they sit: the folder does not change an answer.
      scope: `replay:${model.name}`,
      summary: () => ({ replay: stats.summary() }),
      msPerToken: 1000 / model.latency.tokensPerSecond,
    };
  },
};
