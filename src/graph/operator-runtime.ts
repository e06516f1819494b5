import type { ChatRequest, ChatResponse } from '../llm/chat-model.ts';
import { countTokens } from '../llm/count-tokens.ts';
import type { CallScope, LlmClient } from '../llm/llm-client.ts';
import type { Timeline } from '../llm/timeline.ts';
import type { Sandbox, SandboxResult } from '../sandbox/sandbox.ts';
import { runCheck, type CheckRequest, type RunVerdict } from '../tasks/humaneval/index.ts';
import { operatorProxyTokens } from './critical-path.ts';

export interface RuntimeServices {
  llm: LlmClient;
  sandbox: Sandbox;
  signal: AbortSignal;
  /**
   * Tool time charged per sandboxed run in virtual time, instead of the measured time, so
   * virtual-time summaries stay byte-identical across machines. Undefined: measured.
   */
  nominalToolMs?: number;
  /** The weight of one completion token on the proxy: the node's model's time per token relative to the first model's (DESIGN §11); default 1. */
  proxyWeight?: number;
}

/**
 * What an operator does its work through. It keeps the operator's own critical path: calls in
 * sequence add their completion tokens (and gamma x tool seconds), branches run with
 * `parallel` count only their longest one — on the token proxy and on the timeline alike.
 */
export class OperatorRuntime {
  private proxy = 0;
  private tools = 0;

  constructor(
    private readonly services: RuntimeServices,
    private readonly scope: CallScope,
  ) {}

  get signal(): AbortSignal {
    return this.services.signal;
  }

  get timeline(): Timeline {
    return this.scope.timeline;
  }

  /** Completion tokens on this operator's critical path plus gamma x tool seconds (DESIGN §2). */
  get proxyTokens(): number {
    return this.proxy;
  }

  get toolMs(): number {
    return this.tools;
  }

  async chat(request: Omit<ChatRequest, 'signal'>): Promise<ChatResponse> {
    const response = await this.services.llm.chat(this.scope, { ...request, signal: this.services.signal });
    // n samples in one request decode in parallel: the longest one is on the path.
    const onPath = response.texts.length > 1 ? Math.max(...response.texts.map(countTokens)) : response.usage.completionTokens;
    // A slower model's tokens weigh more on the critical path; single-model runs weigh 1 (unchanged).
    this.proxy += this.services.proxyWeight === undefined ? onPath : onPath * this.services.proxyWeight;
    return response;
  }

  /** Runs branches concurrently; the operator's path continues from the slowest of them. */
  async parallel<T>(branches: ReadonlyArray<(runtime: OperatorRuntime) => Promise<T>>): Promise<PromiseSettledResult<T>[]> {
    const children = branches.map(() => new OperatorRuntime(this.services, { ...this.scope, timeline: this.scope.timeline.fork() }));
    const results = await Promise.allSettled(branches.map((branch, i) => branch(children[i]!)));
    this.scope.timeline.join(children.map((child) => child.timeline));
    this.proxy += Math.max(0, ...children.map((child) => child.proxy));
    this.tools += children.reduce((sum, child) => sum + child.tools, 0);
    return results;
  }

  /**
   * Runs a program under a CPU budget; the wall timeout (12x the budget) is only a safety net for
   * a program that sleeps. Whether a program "timed out" must not depend on how loaded the machine
   * is: the sim's answers and a run's accuracy would change with it.
   */
  async runPython(code: string, cpuSeconds = 10): Promise<SandboxResult> {
    const result = await this.services.sandbox.run({ code, cpuSeconds, signal: this.services.signal });
    this.chargeTool(result.durationMs);
    return result;
  }

  /** Runs a check(candidate) of code-task tests in the sandbox, charged like any tool run. */
  async runCheck(request: Omit<CheckRequest, 'signal'>): Promise<RunVerdict> {
    const started = performance.now();
    const verdict = await runCheck(this.services.sandbox, { ...request, signal: this.services.signal });
    this.chargeTool(performance.now() - started);
    return verdict;
  }

  private chargeTool(measuredMs: number): void {
    const toolMs = this.services.nominalToolMs ?? measuredMs;
    this.tools += toolMs;
    this.proxy += operatorProxyTokens(0, toolMs);
    this.scope.timeline.advance(toolMs);
  }
}
