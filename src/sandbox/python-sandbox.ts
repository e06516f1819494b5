import { randomInt } from 'node:crypto';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import { detectIsolation, namespaceFlags } from './detect-isolation.ts';
import { resolvePython } from './resolve-python.ts';
import { runProcessTree } from './run-process-tree.ts';
import type { Sandbox, SandboxIsolation, SandboxResult, SandboxRunRequest } from './sandbox.ts';

export interface PythonSandboxOptions {
  python?: string;
  /** Runs at once (a pool); default: the machine's parallelism. */
  concurrency?: number;
  /** Default wall timeout per run. */
  timeoutMs?: number;
  memoryBytes?: number;
  fileBytes?: number;
  /** Cap per output stream. */
  outputBytes?: number;
  openFiles?: number;
  processes?: number;
}

const defaults = {
  timeoutMs: 10_000,
  memoryBytes: 1024 * 1024 * 1024,
  fileBytes: 16 * 1024 * 1024,
  outputBytes: 1024 * 1024,
  openFiles: 64,
  processes: 64,
};

/** Mirrors the JSON the launcher reads (launcher.py). */
interface LauncherConfig {
  workdir: string;
  entry: string;
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

const launcherPath = fileURLToPath(new URL('./launcher.py', import.meta.url));

/** Uids no account uses, one per run, so per-uid limits and kills never touch a neighbour. */
const throwawayUid = () => randomInt(200_000, 2_000_000);

export function createPythonSandbox(options: PythonSandboxOptions = {}): Sandbox {
  const settings = { ...defaults, ...definedOnly(options) };
  const python = options.python ?? resolvePython();
  const limit = pLimit(options.concurrency ?? availableParallelism());

  async function runOnce(request: SandboxRunRequest): Promise<SandboxResult> {
    const isolation = await detectIsolation(python);
    const workdir = await mkdtemp(join(tmpdir(), 'lamas-sandbox-'));
    try {
      await writeFile(join(workdir, 'main.py'), request.code);
      const uid = isolation.unprivilegedUid ? throwawayUid() : null;
      if (uid !== null) {
        await chown(workdir, uid, uid);
        await chmod(workdir, 0o700);
      }
      const timeoutMs = request.timeoutMs ?? settings.timeoutMs;
      const config: LauncherConfig = {
        workdir,
        entry: 'main.py',
        python,
        privateMounts: isolation.namespaces,
        tmpfsBytes: settings.fileBytes * 4,
        dropToUid: uid,
        cpuSeconds: Math.ceil(timeoutMs / 1000) + 1,
        memoryBytes: settings.memoryBytes,
        fileBytes: settings.fileBytes,
        openFiles: settings.openFiles,
        processes: uid === null ? null : settings.processes,
      };
      const launch = [python, '-I', launcherPath, JSON.stringify(config)];
      const [command, ...args] = isolation.namespaces ? ['unshare', ...namespaceFlags, ...launch] : launch;
      return await runProcessTree({
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
    } finally {
      await rm(workdir, { recursive: true, force: true });
    }
  }

  return {
    run: (request) => limit(() => runOnce(request)),
    isolation: (): Promise<SandboxIsolation> => detectIsolation(python),
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
