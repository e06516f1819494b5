import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Limits that hold for a run as a whole (every process it starts), not per process. */
export interface RunLimits {
  memoryBytes: number;
  processes: number;
}

/** Where a run's cgroups live and how their limits are written (cgroup v2 or v1). */
export interface CgroupLayout {
  version: 1 | 2;
  /** One parent directory per hierarchy (v2: one; v1: memory and pids). */
  parents: { dir: string; limits: (limits: RunLimits) => Record<string, string> }[];
}

const prefix = 'lamas-sandbox-';
const root = '/sys/fs/cgroup';

/**
 * Finds a cgroup hierarchy this process may create children in, with the memory and pids
 * controllers: v2 where it has them, else the v1 memory and pids hierarchies. Null where neither
 * is writable (not root, a read-only /sys): runs then get per-process rlimits only.
 */
export function detectCgroups(): CgroupLayout | null {
  return detectV2() ?? detectV1();
}

function detectV2(): CgroupLayout | null {
  for (const mount of [root, join(root, 'unified')]) {
    const own = ownPath('0', '');
    if (own === null) continue;
    const dir = join(mount, own);
    const controllers = readText(join(mount, 'cgroup.controllers'))?.split(/\s+/) ?? [];
    if (!controllers.includes('memory') || !controllers.includes('pids')) continue;
    // A v2 child gets a controller only when its parent delegates it.
    const delegated = readText(join(dir, 'cgroup.subtree_control'))?.split(/\s+/) ?? [];
    if (!delegated.includes('memory') || !delegated.includes('pids')) continue;
    if (!writable(dir)) continue;
    return { version: 2, parents: [{ dir, limits: ({ memoryBytes, processes }) => ({ 'memory.max': String(memoryBytes), 'memory.swap.max': '0', 'pids.max': String(processes) }) }] };
  }
  return null;
}

function detectV1(): CgroupLayout | null {
  const memory = ownPath('memory', 'memory');
  const pids = ownPath('pids', 'pids');
  if (memory === null || pids === null) return null;
  const layout: CgroupLayout = {
    version: 1,
    parents: [
      { dir: join(root, 'memory', memory), limits: ({ memoryBytes }) => ({ 'memory.limit_in_bytes': String(memoryBytes) }) },
      { dir: join(root, 'pids', pids), limits: ({ processes }) => ({ 'pids.max': String(processes) }) },
    ],
  };
  return layout.parents.every((parent) => writable(parent.dir)) ? layout : null;
}

/** This process's cgroup path in one hierarchy (`0` is v2's), from /proc/self/cgroup. */
function ownPath(hierarchy: string, controller: string): string | null {
  const lines = readText('/proc/self/cgroup')?.split('\n') ?? [];
  for (const line of lines) {
    const [id, controllers, path] = line.split(':');
    if (path === undefined) continue;
    if (hierarchy === '0' ? id === '0' : controllers!.split(',').includes(controller)) return path;
  }
  return null;
}

/** Probes by creating and removing a child: permissions alone do not say (read-only mounts). */
function writable(dir: string): boolean {
  const probe = join(dir, `${prefix}probe-${process.pid}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
    return true;
  } catch {
    return false;
  }
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/** Creates the run's cgroups with their limits; returns the `cgroup.procs` files to join. */
export function createRunCgroups(layout: CgroupLayout, name: string, limits: RunLimits): string[] {
  return layout.parents.map((parent) => {
    const dir = join(parent.dir, `${prefix}${name}`);
    mkdirSync(dir);
    for (const [file, value] of Object.entries(parent.limits(limits))) {
      if (existsSync(join(dir, file))) writeFileSync(join(dir, file), value);
    }
    return join(dir, 'cgroup.procs');
  });
}

/**
 * Removes a run's cgroups. The kernel refuses while a dying process is still being torn down,
 * so a few retries; what stays is removed by `removeStaleCgroups` on a later start.
 */
export async function removeRunCgroups(layout: CgroupLayout, name: string): Promise<void> {
  for (const parent of layout.parents) {
    const dir = join(parent.dir, `${prefix}${name}`);
    for (let attempt = 0; attempt < 20 && existsSync(dir); attempt++) {
      try {
        rmdirSync(dir);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
  }
}

/** Removes the empty cgroups of runs whose host process is gone (named `<pid>-...`). */
export function removeStaleCgroups(layout: CgroupLayout, isAlive: (pid: number) => boolean): void {
  for (const parent of layout.parents) {
    let entries: string[];
    try {
      entries = readdirSync(parent.dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const pid = ownerPid(entry);
      if (pid === null || isAlive(pid)) continue;
      try {
        rmdirSync(join(parent.dir, entry));
      } catch {
        // still has processes: a later start tries again
      }
    }
  }
}

/** The host pid a sandbox directory or cgroup name starts with (`lamas-sandbox-<pid>-...`). */
export function ownerPid(name: string): number | null {
  const match = new RegExp(`^${prefix}(\\d+)-`).exec(name);
  return match ? Number(match[1]) : null;
}
