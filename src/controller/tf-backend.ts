import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

let ready: Promise<string> | undefined;

/**
 * Picks the tfjs backend once: tfjs-node when it is installed and loads (an optional
 * dependency: its install downloads libtensorflow, which fails offline), otherwise wasm.
 * Returns the backend name, recorded in training stats.
 */
export function ensureTfBackend(): Promise<string> {
  ready ??= (async () => {
    try {
      // A computed specifier keeps bundlers and tsc from requiring the optional package.
      const name = '@tensorflow/tfjs-node';
      await import(name);
      if (await tf.setBackend('tensorflow')) return 'tensorflow';
    } catch {
      // not installed or failed to load: wasm it is
    }
    await tf.setBackend('wasm');
    await tf.ready();
    return tf.getBackend();
  })();
  return ready;
}

export { tf };
