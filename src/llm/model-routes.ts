import type { LlmClient } from './llm-client.ts';

/** One declared model as the executor calls it (DESIGN §11). */
export interface RoutedModel {
  client: LlmClient;
  /**
   * The weight of one of its completion tokens on the token proxy: its time per token relative to
   * the run's first model (1 for the first, and for a model whose speed is unknown).
   */
  proxyWeight: number;
}

/** The models of a several-model run by name, the first declared first; a node's `@model` picks its entry. */
export type ModelRoutes = ReadonlyMap<string, RoutedModel>;
