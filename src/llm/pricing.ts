import type { ChatUsage } from './chat-model.ts';

/** USD per 1M tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

/** Public list prices; a config may add or override entries. */
export const defaultPrices: Record<string, ModelPrice> = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
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
      process.stderr.write(`lamas: no price known for model "${model}"; counting its cost as $0 (add one in config)\n`),
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
