import type { OperatorRole } from '../llm/chat-model.ts';

/** How a recording file is read (loaders/). */
export type SourceFormat = 'faithful-cot' | 're2-vanilla' | 're2-cot' | 'mapcoder' | 'solution';

/** One recorded style: a file (relative to the replay directory) and how to read it. */
export interface StyleSource {
  /** Shown by `lamas replay describe`: `<source> <style>`. */
  style: string;
  format: SourceFormat;
  file: string;
}

export type ReplayTask = 'gsm8k' | 'humaneval';
export type Tokenizer = 'o200k' | 'cl100k' | 'p50k';

/**
 * One replayable model: which recorded style answers each operator role (sample index i takes
 * the i-th style; later indices reuse them in turn and are counted as reused), its tokenizer,
 * list price and modeled latency, each with where it comes from.
 */
export interface ReplayModel {
  name: string;
  /** The model id responses report (and pricing reads). */
  apiModel: string;
  tokenizer: Tokenizer;
  tokenizerNote?: string;
  /** USD per 1M tokens. */
  price: { input: number; output: number; source: string };
  /** Modeled, never measured: first token, then a constant decoding rate. */
  latency: { firstTokenMs: number; tokensPerSecond: number; source: string };
  roles: Partial<Record<ReplayTask, Partial<Record<OperatorRole, readonly StyleSource[]>>>>;
}

const fcot = (model: string, style: string): StyleSource => ({
  style: `Faithful-COT ${style}`,
  format: 'faithful-cot',
  file: `veronica320__Faithful-COT/output_dir/GSM8K/test/${model}_${style}/predictions.jsonl`,
});
const re2 = (file: string, style: 'vanilla' | 'cot', label: string): StyleSource => ({
  style: `Re2 ${style} (${label})`,
  format: style === 'vanilla' ? 're2-vanilla' : 're2-cot',
  file: `Tebmer__Rereading-LLM-Reasoning/results/${file}`,
});
const mapCoder = (folder: string, file: string, style: string): StyleSource => ({
  style: `MapCoder ${style}`,
  format: 'mapcoder',
  file: `Md-Ashraful-Pramanik__MapCoder/final-results/${folder}/HumanEval/${file}`,
});
const solution = (style: string, file: string): StyleSource => ({ style, format: 'solution', file });

const mini1 = 'gsm_gpt-4o-mini-2024-07-18_topp1.0_temp0.0_majority1_readtimes1_20240926_221724.jsonl';
const mini2 = 'gsm_gpt-4o-mini-2024-07-18_topp1.0_temp0.0_majority1_readtimes2_20240926_222057.jsonl';
const turbo1 = 'gsm_topp1.0_temp0.0_majority1_20230828_1157.jsonl';
const turbo2 = 'gsm_topp1.0_temp0.0_majority1_20230828_1200.jsonl';
const davinci1 = 'gsm_topp1.0_temp0.0_majority1_20230828_141934.jsonl';
const davinci2 = 'gsm_topp1.0_temp0.0_majority1_20230828_142302.jsonl';
const ldb = 'FloridSleeves__LLMDebugger';
const openaiPricing = 'OpenAI pricing page (platform.openai.com/docs/pricing), standard tier';
const openaiLegacy = 'OpenAI legacy model pricing (openai.com/pricing, 2023)';
const latencySource = 'modeled: rounded public medians of time to first token and output speed (artificialanalysis.ai model pages), not measured here';

/** Programs (noNL) first: the Programmer's recorded program; NL+SL is its second sample. */
const fcotGsm8k = (model: string) => ({
  generate: [fcot(model, 'standard')],
  cot: [fcot(model, 'COT'), fcot(model, 'LtM')],
  programmer: [fcot(model, 'noNL'), fcot(model, 'NL+SL')],
});

export const replayModels: readonly ReplayModel[] = [
  {
    name: 'gpt-4o-mini',
    apiModel: 'gpt-4o-mini',
    tokenizer: 'o200k',
    price: { input: 0.15, output: 0.6, source: openaiPricing },
    latency: { firstTokenMs: 400, tokensPerSecond: 80, source: latencySource },
    roles: {
      // The first style is the one the paper's baseline prompt matches (read once); read twice is sample 1.
      gsm8k: { generate: [re2(mini1, 'vanilla', 'read once'), re2(mini2, 'vanilla', 'read twice')], cot: [re2(mini1, 'cot', 'read once'), re2(mini2, 'cot', 'read twice')] },
    },
  },
  {
    name: 'gpt-4',
    apiModel: 'gpt-4',
    tokenizer: 'cl100k',
    price: { input: 30, output: 60, source: openaiLegacy },
    latency: { firstTokenMs: 700, tokensPerSecond: 25, source: latencySource },
    roles: {
      gsm8k: fcotGsm8k('gpt4'),
      humaneval: {
        generate: [solution('Reflexion simple', 'noahshinn__reflexion/programming_runs/root/simple_human_eval_py_logging/humaneval-py..gz_simple_1_gpt-4_pass_at_k_1_py.jsonl')],
        'custom-code': [solution('Reflexion simple', 'noahshinn__reflexion/programming_runs/root/simple_human_eval_py_logging/humaneval-py..gz_simple_1_gpt-4_pass_at_k_1_py.jsonl')],
        'self-refine': [solution('Reflexion reflexion', 'noahshinn__reflexion/programming_runs/root/reflexion_humaneval_py_pass_at_1/reflexion_humaneval_py_pass_at_1.jsonl')],
        'test-reflect': [solution('Reflexion reflexion', 'noahshinn__reflexion/programming_runs/root/reflexion_humaneval_py_pass_at_1/reflexion_humaneval_py_pass_at_1.jsonl')],
      },
    },
  },
  {
    name: 'gpt-3.5-turbo',
    apiModel: 'gpt-3.5-turbo',
    tokenizer: 'cl100k',
    price: { input: 0.5, output: 1.5, source: openaiPricing },
    latency: { firstTokenMs: 400, tokensPerSecond: 80, source: latencySource },
    roles: {
      gsm8k: {
        ...fcotGsm8k('gpt-3.5-turbo'),
        generate: [fcot('gpt-3.5-turbo', 'standard'), re2(turbo1, 'vanilla', 'read once'), re2(turbo2, 'vanilla', 'read twice')],
        cot: [fcot('gpt-3.5-turbo', 'COT'), re2(turbo1, 'cot', 'read once'), re2(turbo2, 'cot', 'read twice')],
      },
      humaneval: {
        generate: [solution('LDB seed', `${ldb}/input_data/humaneval/seed/gpt-3.5-turbo-0613/seed.jsonl`)],
        cot: [mapCoder('ChatGPT', 'ChatGPT-CoT-Python3-0-1.jsonl', 'CoT'), mapCoder('ChatGPT', 'ChatGPT-Analogical-Python3-0-1.jsonl', 'Analogical')],
        'custom-code': [mapCoder('ChatGPT', 'ChatGPT-MapCoder-5-5-Human-Python3-0-1.jsonl', 'MapCoder')],
        'self-refine': [solution('LDB debugged seed', `${ldb}/results/ldb/humaneval/gpt-3.5-turbo-0613/results.jsonl`)],
        'test-reflect': [solution('MapCoder Reflexion', 'Md-Ashraful-Pramanik__MapCoder/final-results/ChatGPT/HumanEval/ChatGPT-Reflexion-10-Python3-0-1.jsonl')],
      },
    },
  },
  {
    name: 'gpt-4-turbo',
    apiModel: 'gpt-4-turbo',
    tokenizer: 'cl100k',
    price: { input: 10, output: 30, source: openaiPricing },
    latency: { firstTokenMs: 700, tokensPerSecond: 30, source: latencySource },
    roles: {
      humaneval: {
        generate: [solution('LDB seed (gpt-4-1106-preview)', `${ldb}/input_data/humaneval/seed/gpt-4-1106-preview/seed.jsonl`)],
        cot: [mapCoder('GPT4', 'GPT4-Turbo-CoT-Human-Python3-0-1.jsonl', 'CoT'), mapCoder('GPT4', 'GPT4-Turbo-Analogical-Human-Python3-0-1.jsonl', 'Analogical')],
        'custom-code': [mapCoder('GPT4', 'GPT4-Turbo-SelfPlanning-Human-Python3-0-1.jsonl', 'SelfPlanning'), mapCoder('GPT4', 'GPT4-Turbo-MapCoder-5-5-Human-Python3-0-1.jsonl', 'MapCoder')],
        'self-refine': [solution('LDB debugged seed (gpt-4-1106-preview)', `${ldb}/results/ldb/humaneval/gpt-4-seed/results.jsonl`)],
        'test-reflect': [solution('LDB debugged Reflexion (gpt-4-1106-preview)', `${ldb}/results/ldb/humaneval/reflexion/gpt-4-1106-preview.jsonl`)],
      },
    },
  },
  {
    name: 'gemini',
    apiModel: 'gemini-pro',
    tokenizer: 'cl100k',
    tokenizerNote: "Gemini's tokenizer is not in gpt-tokenizer: cl100k is used as the nearest stand-in (MapCoder recorded 0 API tokens for Gemini)",
    price: { input: 0.5, output: 1.5, source: 'Google AI Gemini 1.0 Pro pricing (ai.google.dev/pricing, 2024)' },
    latency: { firstTokenMs: 1000, tokensPerSecond: 80, source: latencySource },
    roles: {
      humaneval: {
        generate: [mapCoder('Gemini', 'Gemini-Direct-Human-Python3-0-1.jsonl', 'Direct')],
        cot: [mapCoder('Gemini', 'Gemini-CoT-Human-Python3-0-1.jsonl', 'CoT')],
        'custom-code': [mapCoder('Gemini', 'Gemini-MapCoder-Human-Python3-0-1.jsonl', 'MapCoder')],
      },
    },
  },
  {
    name: 'code-davinci-002',
    apiModel: 'code-davinci-002',
    tokenizer: 'p50k',
    price: { input: 20, output: 20, source: 'no list price (free limited beta); priced as davinci, $0.02/1K tokens, ' + openaiLegacy },
    latency: { firstTokenMs: 500, tokensPerSecond: 40, source: latencySource },
    roles: { gsm8k: fcotGsm8k('code002') },
  },
  {
    name: 'text-davinci-003',
    apiModel: 'text-davinci-003',
    tokenizer: 'p50k',
    price: { input: 20, output: 20, source: `$0.02/1K tokens, ${openaiLegacy}` },
    latency: { firstTokenMs: 500, tokensPerSecond: 40, source: latencySource },
    roles: {
      gsm8k: {
        ...fcotGsm8k('text003'),
        generate: [fcot('text003', 'standard'), re2(davinci1, 'vanilla', 'read once'), re2(davinci2, 'vanilla', 'read twice')],
        cot: [fcot('text003', 'COT'), re2(davinci1, 'cot', 'read once'), re2(davinci2, 'cot', 'read twice')],
      },
    },
  },
];

/** Roles with no recording that a deterministic rule answers (synthesize.ts), counted as synthesized. */
export const synthesizedRoles: Partial<Record<ReplayTask, readonly OperatorRole[]>> = {
  gsm8k: ['sc-select', 'self-refine'],
  humaneval: ['sc-select'],
};

export function findReplayModel(name: string): ReplayModel | undefined {
  return replayModels.find((model) => model.name === name);
}
