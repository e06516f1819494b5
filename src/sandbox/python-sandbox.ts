import { randomInt } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import pLimit from 'p-limit';
import { detectContainment, namespaceFlags } from './detect-isolation.ts';
import { createRunCgroups, ownerPid, removeRunCgroups, removeStaleCgroups, type CgroupLayout } from './run-cgroups.ts';
import { sourcePath } from '../util/source-path.ts';
import { resolvePython } from './resolve-python.ts';
import { runProcessTree } from './run-process-tree.ts';
import { type Sandbox, type SandboxIsolation, type SandboxResult, type SandboxRunRequest, wallMsPerCpuSecond } from './sandbox.ts';

export interface PythonSandboxOptions {
  python?: string;
  /** Runs at once (a pool); default: the machine's parallelism. */
  concurrency?: number;
  /** Default wall timeout per run. */
  timeoutMs?: number;
  memoryBytes?: number;
  fileBytes?: number;
  /** Size of the run's private file system (its directory, /tmp), where namespaces allow. */
  runDirBytes?: number;
  /** Cap per output stream. */
  outputBytes?: number;
  openFiles?: number;
  processes?: number;
}

const defaults = {
  timeoutMs: 10_000,
  memoryBytes: 1024 * 1024 * 1024,
  fileBytes: 16 * 1024 * 1024,
  runDirBytes: 64 * 1024 * 1024,
  outputBytes: 1024 * 1024,
  openFiles: 64,
  processes: 64,
};

/** Mirrors the JSON the launcher reads (launcher.py). */
interface LauncherConfig {
  /** The run's files on the host; copied into the private root where namespaces allow. */
  workdir: string;
  /** An empty directory the launcher mounts the private root's tmpfs on. */
  rootDir: string;
  /** `cgroup.procs` files the launcher joins before it starts anything. */
  cgroupProcs: string[];
  entry: string;
  args: readonly string[];
  python: string;
  privateMounts: boolean;
  tmpfsBytes: number;
  dropToUid: number | null;
  cpuSeconds: number;
  memoryBytes: number;
  fileBytes: number;
  openFiles: number;
  processes: number | null;
}

const launcherPath = sourcePath('./launcher.py', import.meta.url);

/** Uids no account uses, one per run, so per-uid limits and kills never touch a neighbour. */
const throwawayUid = () => randomInt(200_000, 2_000_000);

const fileName = /^[\w][\w.-]*$/;

/** SIGXCPU on Linux: what RLIMIT_CPU's soft limit sends. */
const cpuLimitSignal = 24;

export function createPythonSandbox(options: PythonSandboxOptions = {}): Sandbox {
  const settings = { ...defaults, ...definedOnly(options) };
  const python = options.python ?? resolvePython();
  const limit = pLimit(options.concurrency ?? availableParallelism());
  const containment = detectContainment(python).then((found) => {
    removeStaleRuns(found.cgroups);
    return found;
  });

  async function runOnce(request: SandboxRunRequest): Promise<SandboxResult> {
    const { isolation, cgroups, prefix } = await containment;
    const base = await mkdtemp(join(tmpdir(), `lamas-sandbox-${process.pid}-`));
    const workdir = join(base, 'files');
    const name = basename(base).slice('lamas-sandbox-'.length);
    let cgroupProcs: string[] = [];
    try {
      await mkdir(workdir);
      await mkdir(join(base, 'root'));
      await writeFile(join(workdir, 'main.py'), request.code);
      for (const [file, content] of Object.entries(request.files ?? {})) {
        if (!fileName.test(file) || file === 'main.py') throw new Error(`sandbox: bad extra file name ${JSON.stringify(file)}`);
        await writeFile(join(workdir, file), content);
      }
      const uid = isolation.unprivilegedUid ? throwawayUid() : null;
      if (uid !== null) {
        await chown(workdir, uid, uid);
        await chmod(workdir, 0o700);
        for (const file of ['main.py', ...Object.keys(request.files ?? {})]) await chown(join(workdir, file), uid, uid);
      }
      if (cgroups) cgroupProcs = createRunCgroups(cgroups, name, { memoryBytes: settings.memoryBytes, processes: settings.processes });
      const timeoutMs = request.timeoutMs ?? (request.cpuSeconds === undefined ? settings.timeoutMs : request.cpuSeconds * wallMsPerCpuSecond);
      const config: LauncherConfig = {
        workdir,
        rootDir: join(base, 'root'),
        cgroupProcs,
        entry: 'main.py',
        args: request.args ?? [],
        python,
        privateMounts: isolation.namespaces,
        tmpfsBytes: settings.runDirBytes,
        dropToUid: uid,
        cpuSeconds: request.cpuSeconds ?? Math.ceil(timeoutMs / 1000) + 1,
        memoryBytes: settings.memoryBytes,
        fileBytes: settings.fileBytes,
        openFiles: settings.openFiles,
        processes: uid === null ? null : settings.processes,
      };
      const launch = [python, '-I', launcherPath, JSON.stringify(config)];
      const [command, ...args] = isolation.namespaces ? [...prefix, 'unshare', ...namespaceFlags, ...launch] : launch;
      const result = await runProcessTree({
        command: command!,
        args,
        cwd: workdir,
        env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
        stdin: request.stdin,
        timeoutMs,
        outputBytes: settings.outputBytes,
        signal: request.signal,
        // In a PID namespace nothing outlives the launcher, so the pipes always close: wait for them.
        stdioGraceMs: isolation.namespaces ? undefined : 2_000,
      });
      // The launcher exits 128 + signal when the program was killed by one: SIGXCPU is the CPU-time limit.
      return result.status === 'error' && result.exitCode === 128 + cpuLimitSignal ? { ...result, status: 'timeout' } : result;
    } finally {
      if (cgroups && cgroupProcs.length > 0) await removeRunCgroups(cgroups, name);
      await rm(base, { recursive: true, force: true });
    }
  }

  return {
    run: (request) => limit(() => runOnce(request)),
    isolation: async (): Promise<SandboxIsolation> => (await containment).isolation,
  };
}

/**
 * Run directories and cgroups of sandbox hosts that died without cleaning up (SIGKILL, a power
 * cut) are named after the host's pid; whatever belongs to a pid that is gone is removed.
 */
function removeStaleRuns(cgroups: CgroupLayout | null): void {
  let entries: string[] = [];
  try {
    entries = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = ownerPid(entry);
    if (pid !== null && !isAlive(pid)) rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  }
  if (cgroups) removeStaleCgroups(cgroups, isAlive);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
