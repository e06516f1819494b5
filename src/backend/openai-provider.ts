import { createOpenAIChatModel } from '../llm/openai/index.ts';
import { preflightOpenAI } from './openai-preflight.ts';
import type { Provider } from './provider.ts';

/**
 * `--llm openai:<model>`: OpenAI or any OpenAI-compatible server (vLLM, Ollama, llama.cpp) at
 * `--base-url`/`OPENAI_BASE_URL`. A lamas sim-server found by the preflight gets the sim's
 * metadata and is reported as simulated.
 */
export const openaiProvider: Provider = {
  name: 'openai',
  usage: 'openai:<model>',
  simulated: false,
  // Real calls cost money and time: cached at .lamas-cache/llm.sqlite unless --no-cache.
  cacheByDefault: true,
  takesBaseUrl: true,
  preflight: preflightOpenAI,
  create(modelName, { options, probe }) {
    const baseUrl = options.baseUrl ?? process.env.OPENAI_BASE_URL;
    const lamasSim = probe?.lamasSim ?? false;
    const model = createOpenAIChatModel({ model: modelName, baseUrl, timeoutMs: options.requestTimeout * 1000, forwardMeta: lamasSim });
    // One model name can mean different weights on different servers.
    return { model: lamasSim ? { ...model, simulated: true } : model, scope: baseUrl ?? 'https://api.openai.com/v1' };
  },
};
