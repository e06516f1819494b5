import type { Provider } from '../backend/provider.ts';
import { createSimChatModel } from './sim-chat-model.ts';
import { getTask } from '../tasks/registry.ts';
import { loadSimProfile, taskProfileOf } from './sim-profile.ts';

/** `--llm sim:<profile>`: the seeded simulated backend, in process (DESIGN §6). */
export const simProvider: Provider = {
  name: 'sim',
  usage: 'sim:<profile>',
  simulated: true,
  // Cheap to recompute: cached only when asked (--cache PATH).
  cacheByDefault: false,
  seeded: true,
  // A profile calibrated for some tasks only (gpt-4: no MATH) is refused on the others before anything runs.
  checkOperators(profileName, task) {
    taskProfileOf(loadSimProfile(profileName), getTask(task).sim.profile);
  },
  create(profileName, { options, sandbox }) {
    const profile = loadSimProfile(profileName);
    const model = createSimChatModel({ profile, seed: options.seed, time: options.simTime, scale: options.simScale, sandbox });
    // The sim's answers depend on its seed and parameters, so cached entries must too.
    return {
      model,
      scope: `sim:${profile.name}@v${profile.version} seed=${options.seed}`,
      // `sim:gpt-4o-mini` names the current version; a summary must say which one answered, since versions answer differently.
      summary: () => ({ simProfile: `${profile.name}-v${profile.version}` }),
      msPerToken: 1000 / profile.latency.tokensPerSecond,
    };
  },
};
