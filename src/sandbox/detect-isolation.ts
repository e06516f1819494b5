import { spawn } from 'node:child_process';
import type { SandboxIsolation } from './sandbox.ts';

/** The `unshare` flags every isolated run uses; probed once with the same flags. */
export const namespaceFlags = ['--net', '--pid', '--fork', '--mount', '--mount-proc', '--kill-child'];

const probes = new Map<string, Promise<SandboxIsolation>>();

/**
 * Finds out once per interpreter what containment this host allows. Namespaces need root (or
 * unprivileged user namespaces, which we do not rely on); without them runs still get rlimits and
 * a process-group kill, and the result says so.
 */
export function detectIsolation(python: string): Promise<SandboxIsolation> {
  let probe = probes.get(python);
  if (!probe) {
    probe = probeIsolation(python);
    probes.set(python, probe);
  }
  return probe;
}

async function probeIsolation(python: string): Promise<SandboxIsolation> {
  if (process.env.LAMAS_SANDBOX_ISOLATION === 'none') return { namespaces: false, unprivilegedUid: false };
  const isRoot = process.getuid?.() === 0;
  const namespaces = await exitsCleanly('unshare', [...namespaceFlags, python, '-I', '-c', 'pass']);
  return { namespaces, unprivilegedUid: isRoot };
}

function exitsCleanly(command: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}
