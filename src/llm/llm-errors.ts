import { LamasError } from '../util/errors.ts';
import type { ChatUsage } from './chat-model.ts';

/** The server answered with an error status. */
export class ApiCallError extends LamasError {
  override readonly name = 'ApiCallError';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
    /** Seconds the server asked us to wait (Retry-After), when it did. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** No server answered at the base URL (refused, DNS, TLS, dropped before a response). */
export class BackendUnreachableError extends LamasError {
  override readonly name = 'BackendUnreachableError';
  constructor(
    readonly baseUrl: string,
    reason: string,
  ) {
    super(`cannot reach the LLM server at ${baseUrl}: ${reason}`);
  }
}

/** The server does not serve the model we asked for. */
export class UnknownModelError extends LamasError {
  override readonly name = 'UnknownModelError';
  constructor(
    readonly model: string,
    readonly baseUrl: string,
  ) {
    super(`model "${model}" is not served at ${baseUrl}`);
  }
}

/** Every attempt failed; the last error is kept. */
export class RetriesExhaustedError extends LamasError {
  override readonly name = 'RetriesExhaustedError';
  constructor(
    readonly attempts: number,
    readonly lastError: unknown,
  ) {
    super(`gave up after ${attempts} attempts: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
  }
}

/** The call was aborted; tokens already spent are kept so they can still be accounted. */
export class CallCancelledError extends LamasError {
  override readonly name = 'CallCancelledError';
  constructor(readonly usage: ChatUsage) {
    super('LLM call cancelled');
  }
}

/** The run-wide budget (--max-cost) is spent; no new call starts. */
export class BudgetExceededError extends LamasError {
  override readonly name = 'BudgetExceededError';
  constructor(
    readonly spentUsd: number,
    readonly budgetUsd: number,
  ) {
    super(`budget of $${budgetUsd} reached ($${spentUsd.toFixed(6)} spent)`);
  }
}
