import type { FastifyReply } from 'fastify';
import type { z } from 'zod';

/** The `type` values OpenAI clients know how to read. */
export type ApiErrorType = 'invalid_request_error' | 'authentication_error' | 'rate_limit_error' | 'server_error' | 'backend_error';

/**
 * An HTTP error in the OpenAI error shape `{error: {message, type, param, code}}`, so the
 * `openai` SDK raises its typed errors (BadRequestError, AuthenticationError, ...) with our message.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly type: ApiErrorType = 'invalid_request_error',
    /** The body field at fault, dotted (`messages.0.content`), when there is one. */
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly headers: Readonly<Record<string, string>> = {},
    /** More top-level fields of the body beside `error` (what a cancelled query had done: `partial`). */
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }

  /**
   * The first zod issue: the field and the reason. The code is `unknown_parameter` for a field the
   * schema does not define, the one a refinement names in `params.code` (`unsupported_parameter`),
   * else `invalid_value`.
   */
  static fromZod(error: z.ZodError): ApiError {
    const issue = error.issues[0]!;
    const path = issue.path.map(String).join('.');
    const field = issue.code === 'unrecognized_keys' ? [...issue.path.map(String), issue.keys[0] ?? ''].filter(Boolean).join('.') : path;
    const code = issue.code === 'unrecognized_keys' ? 'unknown_parameter' : issue.code === 'custom' && typeof issue.params?.['code'] === 'string' ? issue.params['code'] : 'invalid_value';
    return new ApiError(400, `${field || 'body'}: ${issue.message}`, 'invalid_request_error', field || null, code);
  }

  /** Any error as an API error: ours as they are, anything else a 500 carrying its message. */
  static from(error: unknown): ApiError {
    if (error instanceof ApiError) return error;
    return new ApiError(500, error instanceof Error ? error.message : String(error), 'server_error', null, null);
  }

  body(): { error: { message: string; type: ApiErrorType; param: string | null; code: string | null } } {
    return { ...this.extra, error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export function sendApiError(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply.code(error.status).headers(error.headers).send(error.body());
}

/** Parses a body with a zod schema or throws the 400 naming the field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw ApiError.fromZod(result.error);
  return result.data;
}
