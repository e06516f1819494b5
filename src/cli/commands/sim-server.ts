import { z } from 'zod';
import { createPythonSandbox } from '../../sandbox/python-sandbox.ts';
import { loadSimProfile } from '../../sim/sim-profile.ts';
import { startSimServer } from '../../sim/sim-server.ts';
import { listenError } from '../../util/output-errors.ts';
import { simServerOptionsSchema } from '../command-options.ts';

export { simServerOptionsSchema };

export type SimServerOptions = z.infer<typeof simServerOptionsSchema>;

/** Serves the simulation until SIGINT/SIGTERM; resolves once it has shut down. */
export async function simServer(options: SimServerOptions): Promise<void> {
  const server = await startSimServer({
    profile: loadSimProfile(options.profile),
    seed: options.seed,
    time: options.simTime,
    scale: options.simScale,
    host: options.host,
    port: options.port,
    sandbox: createPythonSandbox(),
  }).catch((error: unknown) => {
    // A busy --port (EADDRINUSE) or a privileged one: exit 2 naming the flag, not a stack trace.
    throw listenError(error, options.host, options.port);
  });
  process.stderr.write(`lamas sim-server: ${server.url} (simulated ${options.profile}, seed ${options.seed}, ${options.simTime} time)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
}
