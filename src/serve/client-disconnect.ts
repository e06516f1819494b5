import type { FastifyReply } from 'fastify';
import { linkAbortSignal } from '../util/link-abort-signal.ts';

/** The reason an aborted query's calls carry when its client went away. */
export class ClientDisconnectedError extends Error {
  override readonly name = 'ClientDisconnectedError';
  constructor() {
    super('the client disconnected before the answer was sent');
  }
}

/**
 * A signal that aborts when the client drops the connection before the response was written,
 * combined with the server's shutdown signal. It listens on the response, not the request:
 * a request emits `close` as soon as its body has been read, the response only when the
 * exchange ends or the socket dies — and a finished response has `writableEnded` set. Once the
 * exchange is over it stops listening on the shutdown signal, which lives as long as the server.
 */
export function abortOnDisconnect(reply: FastifyReply, shutdown: AbortSignal): AbortSignal {
  const link = linkAbortSignal(shutdown);
  const raw = reply.raw;
  raw.once('close', () => {
    if (!raw.writableEnded) link.abort(new ClientDisconnectedError());
    link.unlink();
  });
  return link.signal;
}
