/** One operator run as the trace and results see it. */
export interface OperatorRecord {
  kind: 'operator';
  run: string;
  query: string;
  node: string;
  layer: number;
  operator: string;
  /** The model the node called, in a several-model run (DESIGN §11); absent with one model. */
  model?: string;
  /** Milliseconds on the query's timeline (virtual or real). */
  start: number;
  end: number;
  /** Completion tokens on the operator's own critical path + gamma x tool seconds. */
  proxyTokens: number;
  toolMs: number;
  llmCalls: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  solutions: number;
  failed: boolean;
  error?: string;
}
