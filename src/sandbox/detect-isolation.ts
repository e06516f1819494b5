import { spawn } from 'node:child_process';
import { detectCgroups, type CgroupLayout } from './run-cgroups.ts';
import type { SandboxIsolation } from './sandbox.ts';

/** The `unshare` flags every isolated run uses; probed once with the same flags. */
export const namespaceFlags = ['--net', '--pid', '--fork', '--mount', '--mount-proc', '--kill-child'];
/** Puts a parent-death signal on `unshare`, which `--kill-child` passes on to the namespace. */
export const deathSignalPrefix = ['setpriv', '--pdeathsig', 'KILL'];

/** What the host allows, plus how to reach it (the cgroup layout the runs use). */
export interface HostContainment {
  isolation: SandboxIsolation;
  cgroups: CgroupLayout | null;
  /** Prefix of the launch command (the parent-death signal), empty when setpriv is missing. */
  prefix: string[];
}

const probes = new Map<string, Promise<HostContainment>>();

/**
 * Finds out once per interpreter what containment this host allows. Namespaces and cgroups need
 * root (or unprivileged user namespaces, which we do not rely on); without them runs still get
 * rlimits, a process-group kill and a parent-death signal, and the result says so.
 */
export function detectContainment(python: string): Promise<HostContainment> {
  let probe = probes.get(python);
  if (!probe) {
    probe = probeContainment(python);
    probes.set(python, probe);
  }
  return probe;
}

export async function detectIsolation(python: string): Promise<SandboxIsolation> {
  return (await detectContainment(python)).isolation;
}

async function probeContainment(python: string): Promise<HostContainment> {
  if (process.env.LAMAS_SANDBOX_ISOLATION === 'none') {
    return { isolation: { namespaces: false, unprivilegedUid: false, cgroups: null, diesWithHost: true }, cgroups: null, prefix: [] };
  }
  const isRoot = process.getuid?.() === 0;
  const namespaces = await exitsCleanly('unshare', [...namespaceFlags, python, '-I', '-c', 'pass']);
  const setpriv = namespaces && (await exitsCleanly(deathSignalPrefix[0]!, [...deathSignalPrefix.slice(1), 'true']));
  const cgroups = isRoot ? detectCgroups() : null;
  return {
    isolation: { namespaces, unprivilegedUid: isRoot, cgroups: cgroups?.version ?? null, diesWithHost: !namespaces || setpriv },
    cgroups,
    prefix: setpriv ? deathSignalPrefix : [],
  };
}

function exitsCleanly(command: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}
