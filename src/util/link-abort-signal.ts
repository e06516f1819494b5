import { setMaxListeners } from 'node:events';

/** A signal of one's own that also follows its parents. */
export interface LinkedAbortSignal {
  readonly signal: AbortSignal;
  /** Aborts this signal (and everything listening on it); the parents are left alone. */
  abort(reason?: unknown): void;
  /** Stops listening on the parents: call it once the work the signal guards is over. Idempotent. */
  unlink(): void;
}

/**
 * A new signal that aborts as soon as any parent does, with that parent's reason, and that can
 * also be aborted on its own without touching the parents. A parent that is already aborted
 * aborts it at once (an `abort` listener added to an aborted signal never fires). Undefined
 * parents are skipped.
 *
 * Not `AbortSignal.any`: the parents here are often long-lived (Ctrl-C, server shutdown, the
 * failure policy, a run's signal shared by thousands of queries), and `AbortSignal.any` keeps
 * every signal it made in each parent's dependants until the garbage collector finds it
 * unreachable (leaks confirmed in nodejs/node#55351 and #54614); it also gives no controller of
 * one's own. Here each link adds one listener per parent and `unlink` (or the first abort)
 * removes them, deterministically. The link aborts inside the parent's own abort dispatch, so the
 * order in which cancellations reach calls is that of a hand-written listener.
 *
 * The signal has no listener cap: every call and sandboxed run of a query listens on it.
 */
export function linkAbortSignal(...parents: ReadonlyArray<AbortSignal | undefined>): LinkedAbortSignal {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const listeners = parents.filter((parent): parent is AbortSignal => parent !== undefined).map((parent) => ({ parent, onAbort: () => abort(parent.reason) }));

  const unlink = (): void => {
    for (const { parent, onAbort } of listeners) parent.removeEventListener('abort', onAbort);
  };
  const abort = (reason?: unknown): void => {
    unlink(); // nothing more to follow
    controller.abort(reason);
  };

  const aborted = listeners.find(({ parent }) => parent.aborted);
  if (aborted) controller.abort(aborted.parent.reason);
  else for (const { parent, onAbort } of listeners) parent.addEventListener('abort', onAbort, { once: true });
  return { signal: controller.signal, abort, unlink };
}
