import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Every open connection of an HTTP server and how many of its requests are being answered, so a
 * shutdown can close the rest at once. node's `closeIdleConnections()` is not enough: a
 * connection that has sent nothing, or only part of its headers, counts as active to node, and
 * `server.close()` also stops the timer that would have ended it — it stays open for good.
 *
 * A connection is serving from a request's `request` event (its headers are complete) until its
 * response finishes or dies; pipelined requests add up. Once `drain()` was called, a connection
 * is closed as soon as it serves nothing, and a new one at once.
 */
export class ConnectionTracker {
  /** Open connections and the number of requests each is answering. */
  private readonly open = new Map<Socket, number>();
  private draining = false;

  constructor(server: Server) {
    server.on('connection', (socket: Socket) => {
      if (this.draining) {
        socket.destroy();
        return;
      }
      this.open.set(socket, 0);
      socket.once('close', () => this.open.delete(socket));
    });
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const socket = request.socket;
      if (!this.open.has(socket)) return;
      this.open.set(socket, this.open.get(socket)! + 1);
      let answered = false;
      const done = () => {
        if (answered) return;
        answered = true;
        const serving = this.open.get(socket);
        if (serving === undefined) return;
        this.open.set(socket, serving - 1);
        if (this.draining && serving === 1) socket.destroy();
      };
      // `finish` once the last byte is handed to the OS; `close` covers a response that never finishes.
      response.once('finish', done);
      response.once('close', done);
    });
  }

  /** Connections open now, and how many of them are answering a request. */
  get counts(): { open: number; serving: number } {
    let serving = 0;
    for (const requests of this.open.values()) if (requests > 0) serving++;
    return { open: this.open.size, serving };
  }

  /** Closes every connection that serves nothing now, and each of the others once it does. */
  drain(): void {
    this.draining = true;
    for (const [socket, serving] of this.open) if (serving === 0) socket.destroy();
  }

  /** Closes every connection, in the middle of a response or not. */
  closeAll(): void {
    this.draining = true;
    for (const socket of this.open.keys()) socket.destroy();
  }
}
