import { getEventListeners, setMaxListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { linkAbortSignal } from './link-abort-signal.ts';

describe('linkAbortSignal', () => {
  it('is aborted at once, with its reason, when a parent already is', () => {
    const parent = new AbortController();
    const reason = new Error('stopped before it began');
    parent.abort(reason);
    const link = linkAbortSignal(undefined, parent.signal);
    expect(link.signal.aborted).toBe(true);
    expect(link.signal.reason).toBe(reason);
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0);
  });

  it('follows the first parent that aborts, with that reason, and then stops listening on the others', () => {
    const first = new AbortController();
    const second = new AbortController();
    const link = linkAbortSignal(first.signal, second.signal);
    expect(link.signal.aborted).toBe(false);
    second.abort('second');
    expect(link.signal.reason).toBe('second');
    expect(getEventListeners(first.signal, 'abort')).toHaveLength(0);
    first.abort('first');
    expect(link.signal.reason).toBe('second');
  });

  it('aborts on its own without touching its parents', () => {
    const parent = new AbortController();
    const link = linkAbortSignal(parent.signal);
    link.abort('mine');
    expect(link.signal.reason).toBe('mine');
    expect(parent.signal.aborted).toBe(false);
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0);
  });

  it('leaves nothing on a long-lived parent once unlinked, and no longer follows it', () => {
    const shutdown = new AbortController();
    setMaxListeners(0, shutdown.signal);
    const links = Array.from({ length: 1000 }, () => linkAbortSignal(shutdown.signal));
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(1000);
    for (const link of links) link.unlink();
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
    shutdown.abort();
    expect(links.some((link) => link.signal.aborted)).toBe(false);
  });

  it('with no parent is a plain controller', () => {
    const link = linkAbortSignal();
    expect(link.signal.aborted).toBe(false);
    link.abort();
    expect(link.signal.aborted).toBe(true);
  });
});
