import type { LoggerInterface } from 'vega';

/**
 * A vega-lite logger that keeps warnings and errors instead of printing them, so they can fail the
 * render; a class because LoggerInterface's methods return `this`.
 */
export class CollectingLogger implements LoggerInterface {
  readonly messages: string[] = [];
  #level = 0;

  level(): number;
  level(value: number): this;
  level(value?: number): number | this {
    if (value === undefined) return this.#level;
    this.#level = value;
    return this;
  }

  error(...args: unknown[]): this {
    this.messages.push(args.map(String).join(' '));
    return this;
  }

  warn(...args: unknown[]): this {
    this.messages.push(args.map(String).join(' '));
    return this;
  }

  info(): this {
    return this;
  }

  debug(): this {
    return this;
  }
}
