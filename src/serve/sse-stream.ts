import type { FastifyReply } from 'fastify';

/** A server-sent events response written straight to the socket. */
export interface SseStream {
  /** False once the client has gone; writes are then dropped. */
  readonly open: boolean;
  /** `event: <name>` + `data: <json>`; without a name, a plain `data:` message (the OpenAI chunk style). */
  send(data: unknown, event?: string): void;
  /** A raw `data:` line (the OpenAI `[DONE]` sentinel is not JSON). */
  sendRaw(data: string): void;
  end(): void;
}

/** A comment line this often keeps proxies and clients from timing out a long, quiet query. */
const keepAliveMs = 15_000;

/**
 * Takes the response over from Fastify (hijack) and starts an event stream, with `headers` beside
 * its own. Headers go out at once, so clients see the stream open before the first LLM call returns.
 */
export function openSse(reply: FastifyReply, headers: Readonly<Record<string, string | string[]>> = {}): SseStream {
  reply.hijack();
  const raw = reply.raw;
  let open = true;
  // SSE comment lines (`:`) are ignored by EventSource and the openai SDK alike.
  const keepAlive = setInterval(() => write(': keep-alive\n\n'), keepAliveMs);
  keepAlive.unref();
  raw.once('close', () => {
    open = false;
    clearInterval(keepAlive);
  });
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    // Reverse proxies (nginx) buffer responses unless told not to, which would hold every event back.
    'x-accel-buffering': 'no',
    ...headers,
  });
  raw.flushHeaders();
  const write = (text: string) => {
    if (open && !raw.writableEnded) raw.write(text);
  };
  return {
    get open() {
      return open && !raw.writableEnded;
    },
    send(data, event) {
      write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
    },
    sendRaw(data) {
      write(`data: ${data}\n\n`);
    },
    end() {
      clearInterval(keepAlive);
      if (!raw.writableEnded) raw.end();
    },
  };
}
