import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../util/errors.ts';
import type { ChatUsage } from './chat-model.ts';

/** USD per 1M tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

/**
 * Public list prices (USD per 1M tokens, standard tier, no batch or cached-input discount) from
 * OpenAI's pricing page; `--prices FILE` adds or overrides entries.
 */
export const defaultPrices: Record<string, ModelPrice> = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
  // Legacy model, no longer on the current page: OpenAI's 2023 list price (openai.com/pricing), as replay-models.ts.
  'gpt-4': { input: 30, output: 60 },
};

export type PriceWarning = (model: string) => void;

/**
 * Prices calls by model. An unknown model costs 0 and is reported once, so a local vLLM run
 * is not silently priced as something else.
 */
export class PriceTable {
  private readonly warned = new Set<string>();
  private readonly prices: Record<string, ModelPrice>;

  constructor(
    overrides: Record<string, ModelPrice> = {},
    private readonly warn: PriceWarning = (model) =>
      process.stderr.write(`lamas: no price known for model "${model}"; counting its cost as $0 (give one with --prices FILE, a JSON file {"${model}": {"input": USD, "output": USD}} per 1M tokens)\n`),
  ) {
    this.prices = { ...defaultPrices, ...overrides };
  }

  priceOf(model: string): ModelPrice | undefined {
    // Dated snapshots ("gpt-4o-mini-2024-07-18") bill as their family.
    return this.prices[model] ?? this.prices[model.replace(/-\d{4}-\d{2}-\d{2}$/, '')];
  }

  costUsd(model: string, usage: ChatUsage): number {
    const price = this.priceOf(model);
    if (!price) {
      if (!this.warned.has(model)) {
        this.warned.add(model);
        this.warn(model);
      }
      return 0;
    }
    return (usage.promptTokens * price.input + usage.completionTokens * price.output) / 1_000_000;
  }
}

/** A `--prices` file: `{"model": {"input": USD, "output": USD}}`, USD per 1M tokens. */
export const priceFileSchema = z.record(
  z.string().min(1, 'a model name may not be empty'),
  z
    .object({
      input: z.number({ error: 'expected a number: USD per 1M input tokens' }).nonnegative('may not be negative'),
      output: z.number({ error: 'expected a number: USD per 1M output tokens' }).nonnegative('may not be negative'),
    })
    .strict(),
);

/**
 * Parses a `--prices` file's text; a bad file is an InputError naming the file, the line and the
 * field (`model.input`). Infinity cannot come from JSON and z.number() rejects it anyway.
 */
export function parsePriceFile(text: string, file: string): Record<string, ModelPrice> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message)?.[1];
    const line = position === undefined ? undefined : lineAt(text, Number(position));
    throw new InputError({ file, line }, `not valid JSON (${message}); expected {"model": {"input": USD, "output": USD}} per 1M tokens`);
  }
  const result = priceFileSchema.safeParse(value);
  if (result.success) return result.data;
  // A misspelt field ("outptu") also leaves one missing: name the misspelling, the likelier cause.
  const issue = result.error.issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? result.error.issues[0]!;
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, ...issue.keys.slice(0, 1)] : issue.path;
  const [model] = path;
  const field = path.length > 0 ? path.map(String).join('.') : undefined;
  const reason = issue.code === 'unrecognized_keys' ? `unknown field (a price has only "input" and "output", USD per 1M tokens)` : path.length === 0 ? `${issue.message}; expected {"model": {"input": USD, "output": USD}}` : issue.message;
  throw new InputError({ file, line: typeof model === 'string' ? keyLine(text, model) : undefined, field }, reason);
}

/** Reads and parses a `--prices` file; an unreadable file is an InputError naming it. */
export function loadPriceFile(file: string): Record<string, ModelPrice> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError({ file }, `cannot read the --prices file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parsePriceFile(text, file);
}

function lineAt(text: string, position: number): number {
  return text.slice(0, position).split('\n').length;
}

/** The line where `"model":` appears as a key, if it can be found. */
function keyLine(text: string, model: string): number | undefined {
  const key = JSON.stringify(model).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${key}\\s*:`).exec(text);
  return match ? lineAt(text, match.index) : undefined;
}
