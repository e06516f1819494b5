import { maxHeaderSize, STATUS_CODES, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ApiError } from './api-error.ts';

/** How long a connection that got a parser error may take to read it before it is closed anyway. */
const lingerMs = 2000;

/** Sockets already answered: node reports every later chunk of a broken stream again. */
const answered = new WeakSet<Socket>();

/**
 * node's `clientError`: the HTTP parser refused what arrived (a request line or headers over
 * node's limit, bytes that are not HTTP, a request that took too long to arrive), so no request
 * exists and no route or Fastify hook runs. Answers in the OpenAI error shape and closes the
 * connection; it ends the connection rather than resetting it, so a client still sending can read
 * the answer.
 */
export function answerClientError(error: Error & { code?: string; reason?: string; rawPacket?: unknown }, socket: Socket): void {
  if (answered.has(socket)) return;
  answered.add(socket);
  // A reset connection has no one to answer; one mid-response cannot take a second status line.
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable || inFlight) {
    socket.destroy();
    return;
  }
  const apiError = clientApiError(error);
  const body = JSON.stringify(apiError.body());
  socket.end(
    `HTTP/1.1 ${apiError.status} ${STATUS_CODES[apiError.status] ?? ''}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
  const linger = setTimeout(() => socket.destroy(), lingerMs);
  linger.unref();
  socket.once('close', () => clearTimeout(linger));
}

export function clientApiError(error: Error & { code?: string; reason?: string; rawPacket?: unknown }): ApiError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return requestLineTooLong(error.rawPacket)
        ? new ApiError(414, `url: longer than the server accepts (the request line and headers may take ${maxHeaderSize} bytes)`, 'invalid_request_error', null, 'uri_too_long')
        : new ApiError(431, `headers: larger than the ${maxHeaderSize} bytes the server accepts`, 'invalid_request_error', null, 'headers_too_large');
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new ApiError(413, 'body: chunk extensions too large', 'invalid_request_error', null, 'body_too_large');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ApiError(408, 'the request took too long to arrive', 'invalid_request_error', null, 'request_timeout');
    default:
      return new ApiError(400, `malformed HTTP request: ${error.reason ?? error.message}${error.code ? ` (${error.code})` : ''}`, 'invalid_request_error', null, 'bad_request');
  }
}

/**
 * Whether the request line is what overflowed node's header limit: the chunk that overflowed
 * starts a request and its first line takes at least half the limit or never ends. (When the
 * request came in several chunks the culprit cannot be told, and 431 is the answer.)
 */
function requestLineTooLong(rawPacket: unknown): boolean {
  if (!Buffer.isBuffer(rawPacket)) return false;
  const start = rawPacket.subarray(0, 32).toString('latin1');
  if (!/^[A-Z]+ \S/.test(start)) return false;
  const end = rawPacket.indexOf('\r\n');
  return end < 0 || end >= maxHeaderSize / 2;
}
