export { createOpenAIChatModel, type OpenAIChatModelOptions } from './openai-chat-model.ts';
export { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff-delay.ts';
export { parseRetryAfter, type HeaderLookup } from './parse-retry-after.ts';
export { runWithRetries, defaultSleep, type Attempt, type RetryOutcome, type RetryPolicy, type SleepFn } from './run-with-retries.ts';
export { classifyAttemptError, type AttemptFailure, type ClassifyContext } from './classify-attempt-error.ts';
