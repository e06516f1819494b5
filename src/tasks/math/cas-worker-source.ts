/**
 * The CAS worker, as the source of an ES module run from a `data:` URL. It is plain JavaScript so
 * the worker starts without a TypeScript loader (the CLI runs through tsx, tests through vitest).
 * Protocol: a request `{id, a, b}` arrives on `workerData.port`; the worker posts the response on
 * the same port, then stores `id` in `flags[0]` and notifies, so the main thread can wait
 * synchronously. `flags[1]` becomes 1 once the engine is built, -1 if it could not be.
 */
export const casWorkerSource = String.raw`
import { workerData } from 'node:worker_threads';

const { port, state, engineUrl, samples } = workerData;
const flags = new Int32Array(state);
let ce = null;
let startError = '';
try {
  const { ComputeEngine } = await import(engineUrl);
  ce = new ComputeEngine();
  Atomics.store(flags, 1, 1);
} catch (error) {
  startError = String((error && error.message) || error);
  Atomics.store(flags, 1, -1);
}
Atomics.notify(flags, 1);

port.on('message', (request) => {
  let response;
  try {
    if (ce === null) throw new Error('compute engine unavailable: ' + startError);
    response = { id: request.id, ok: true, ...compare(request.a, request.b) };
  } catch (error) {
    response = { id: request.id, ok: false, error: String((error && error.message) || error) };
  }
  port.postMessage(response);
  Atomics.store(flags, 0, request.id);
  Atomics.notify(flags, 0);
});

function numeric(expression) {
  const value = expression.N();
  return [Number(value.re), Number(value.im)];
}

function compare(a, b) {
  // A scope per request: parsing declares unknowns, which must not leak into the next answer.
  ce.pushScope();
  try {
    const left = ce.parse(a);
    const right = ce.parse(b);
    if (!left.isValid || !right.isValid) return { valid: false };
    const unknownsA = [...left.unknowns].sort();
    const unknownsB = [...right.unknowns].sort();
    let symbolic = null;
    try {
      const equal = left.isEqual(right);
      if (typeof equal === 'boolean') symbolic = equal;
    } catch {}
    const names = [...new Set([...unknownsA, ...unknownsB])].sort();
    const rounds = names.length === 0 ? 1 : samples.length;
    const values = [];
    for (let k = 0; k < rounds; k++) {
      const point = {};
      names.forEach((name, i) => { point[name] = samples[(k + i) % samples.length]; });
      const l = names.length === 0 ? left : left.subs(point);
      const r = names.length === 0 ? right : right.subs(point);
      values.push([...numeric(l), ...numeric(r)]);
    }
    return { valid: true, unknownsA, unknownsB, symbolic, values };
  } finally {
    ce.popScope();
  }
}
`;
