/** How a sandboxed run ended. */
export type SandboxStatus =
  /** exit code 0 */
  | 'ok'
  /** non-zero exit or killed by a signal (an exception, an rlimit) */
  | 'error'
  /** the wall timeout fired, or the CPU-time limit (`cpuSeconds`) was reached; the whole process tree was killed */
  | 'timeout'
  /** stdout or stderr passed the cap; the run was killed */
  | 'output_limit'
  /** the caller's AbortSignal fired */
  | 'cancelled';

export interface SandboxResult {
  status: SandboxStatus;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to the end of the process tree. */
  durationMs: number;
}

export interface SandboxRunRequest {
  /** Python source to run as the program's main file. */
  code: string;
  /** Command-line arguments of the program. */
  args?: readonly string[];
  /** Text for the program's stdin. */
  stdin?: string;
  /** More files beside the program in its directory, by plain file name (e.g. a module it runs). */
  files?: Readonly<Record<string, string>>;
  /** Wall timeout (default: `wallMsPerCpuSecond` per second of `cpuSeconds` when that is given, else the sandbox's). */
  timeoutMs?: number;
  /**
   * CPU-time limit of the program (default: the wall timeout plus 1 s). A decision that must not
   * depend on how loaded the machine is (does this code hang?) sets a CPU budget here and keeps
   * the default wall timeout, a wide safety net: CPU seconds do not stretch under load, wall seconds do.
   */
  cpuSeconds?: number;
  signal?: AbortSignal;
}

/** Wall seconds a CPU-budgeted run may take per CPU second: a safety net for code that sleeps, wide enough for a loaded machine. */
export const wallMsPerCpuSecond = 12_000;

/** What isolation the host could set up; recorded so reports can say how runs were contained. */
export interface SandboxIsolation {
  /** Fresh PID, network and mount namespaces (needs root or unprivileged user namespaces). */
  namespaces: boolean;
  /** The program runs under a throwaway unprivileged uid (needs root). */
  unprivilegedUid: boolean;
  /**
   * Memory and process limits hold for the run as a whole through its own cgroups (v2, else
   * v1); null: only per-process rlimits (a forked program may use a multiple of the memory cap).
   */
  cgroups: 1 | 2 | null;
  /** The run is killed when the host process dies (a parent-death signal on the whole chain). */
  diesWithHost: boolean;
}

/** Runs untrusted Python; never in the host process. */
export interface Sandbox {
  run(request: SandboxRunRequest): Promise<SandboxResult>;
  isolation(): Promise<SandboxIsolation>;
}
