import { z } from 'zod';
import { createPythonSandbox } from '../../sandbox/python-sandbox.ts';
import { loadSimProfile } from '../../sim/sim-profile.ts';
import { startSimServer } from '../../sim/sim-server.ts';
import { listenError } from '../../util/output-errors.ts';

export const simServerOptionsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(8787),
  host: z.string().default('127.0.0.1'),
  profile: z.string().default('gpt-4o-mini'),
  seed: z.coerce.number().int().default(0),
  simTime: z.enum(['virtual', 'real']).default('real'),
  simScale: z.coerce.number().positive().default(1),
});
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
