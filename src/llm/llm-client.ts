import type { ChatModel, ChatRequest, ChatResponse, ChatUsage } from './chat-model.ts';
import type { LlmCallRecord } from './call-record.ts';
import { Budget } from './budget.ts';
import { FailurePolicy } from './failure-policy.ts';
import { CallCancelledError } from './llm-errors.ts';
import { PriceTable } from './pricing.ts';
import type { Timeline } from './timeline.ts';
import type { TraceSink } from './trace-writer.ts';
import type { UsageLedger } from './usage-ledger.ts';

/** Who is calling: passed explicitly with every call so usage lands on the right query and operator. */
export interface CallScope {
  run: string;
  query: string;
  layer: number;
  operator: string;
  ledger: UsageLedger;
  timeline: Timeline;
}

export interface LlmClientOptions {
  /** The backend, already wrapped with cache and limits as configured. */
  model: ChatModel;
  budget?: Budget;
  prices?: PriceTable;
  trace?: TraceSink;
  /** Counts failed calls and says when the run should stop (default: --max-failure-share 0.5). */
  failures?: FailurePolicy;
}

/**
 * What operators call. It checks the budget, stamps the call on the caller's timeline, prices
 * it, and records it in the query's ledger and the run's trace — including calls that were
 * cancelled (their tokens so far) or failed.
 */
export class LlmClient {
  readonly model: ChatModel;
  readonly budget: Budget;
  readonly prices: PriceTable;
  /** Every finished call is reported here; run drivers stop when it trips (see FailurePolicy). */
  readonly failures: FailurePolicy;
  private readonly trace?: TraceSink;

  constructor(options: LlmClientOptions) {
    this.model = options.model;
    this.budget = options.budget ?? new Budget(undefined);
    this.prices = options.prices ?? new PriceTable();
    this.trace = options.trace;
    this.failures = options.failures ?? new FailurePolicy();
  }

  get simulated(): boolean {
    return this.model.simulated;
  }

  async chat(scope: CallScope, request: ChatRequest): Promise<ChatResponse> {
    this.budget.assertCanStart();
    const start = scope.timeline.now();
    try {
      const response = await this.model.chat(request);
      this.record(scope, start, response.model, response.usage, { latencyMs: response.latencyMs, cacheHit: response.cached, retries: response.retries });
      this.failures.recordSuccess();
      return response;
    } catch (error) {
      const cancelled = error instanceof CallCancelledError;
      const usage = cancelled ? error.usage : { promptTokens: 0, completionTokens: 0 };
      this.record(scope, start, this.model.modelId, usage, {
        latencyMs: scope.timeline.now() - start,
        cacheHit: false,
        retries: 0,
        cancelled,
        error: error instanceof Error ? error.message : String(error),
      });
      if (!cancelled) this.failures.recordFailure(error);
      throw error;
    }
  }

  private record(
    scope: CallScope,
    start: number,
    model: string,
    usage: ChatUsage,
    outcome: { latencyMs: number; cacheHit: boolean; retries: number; cancelled?: boolean; error?: string },
  ): void {
    // Virtual time moves by the (simulated or replayed) latency; real time has already moved.
    const end = this.model.virtualTime ? scope.timeline.advance(outcome.latencyMs) : scope.timeline.now();
    const costUsd = this.prices.costUsd(model, usage);
    const billedUsd = outcome.cacheHit ? 0 : costUsd;
    this.budget.charge(billedUsd);
    const record: LlmCallRecord = {
      kind: 'llm',
      run: scope.run,
      query: scope.query,
      layer: scope.layer,
      operator: scope.operator,
      model,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      costUsd,
      billedUsd,
      start,
      end,
      latencyMs: outcome.latencyMs,
      cacheHit: outcome.cacheHit,
      cancelled: outcome.cancelled ?? false,
      retries: outcome.retries,
      ...(outcome.error !== undefined ? { error: outcome.error } : {}),
    };
    scope.ledger.add(record);
    this.trace?.write(record);
  }
}
