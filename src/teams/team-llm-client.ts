import type { ChatRequest, ChatResponse } from '../llm/chat-model.ts';
import { CallCancelledError } from '../llm/llm-errors.ts';
import { type CallScope, LlmClient } from '../llm/llm-client.ts';
import type { TraceSink } from '../llm/trace-writer.ts';

/**
 * The client one team attempt (or the query's planner and aggregator) calls through: the run's
 * backend, budget and prices, but its own trace sink, so every call record lands with the team
 * that made it. Once the team is stopped no new call starts: a call that was never sent costs
 * nothing and is not a call (c_i(t) counts only what was spent before t); calls already in
 * flight are cancelled by the signal and recorded with their tokens so far.
 */
export class TeamLlmClient extends LlmClient {
  constructor(
    base: LlmClient,
    private readonly stopped: AbortSignal,
    trace: TraceSink,
  ) {
    // The run's failure policy too: a team's failed calls count toward --max-failure-share like any other.
    super({ model: base.model, budget: base.budget, prices: base.prices, trace, failures: base.failures });
  }

  override async chat(scope: CallScope, request: ChatRequest): Promise<ChatResponse> {
    if (this.stopped.aborted) throw new CallCancelledError({ promptTokens: 0, completionTokens: 0 });
    return super.chat(scope, request);
  }
}
