import { readFileSync } from 'node:fs';

/**
 * Notices that the process which launched this one is gone, for `npx lamas serve` and
 * `npm exec`/`npm run`: npm runs lamas through a shell (npm → sh → node) and passes SIGTERM and
 * SIGINT only to that shell, which dies of it and leaves lamas running, orphaned. `kill -9` of npm
 * leaves the shell waiting and lamas running too. So the server checks, every `intervalMs`
 * (unref'd), that its parent is the one it started with and, when that parent is a shell, that the
 * shell's parent is too (Linux, through /proc); on the first change it calls `onGone` once.
 *
 * Only under a package manager (`shouldWatchParent`): a server started from a shell with `&` or
 * `nohup` is orphaned on purpose when that shell exits, and must keep serving.
 */
export function watchParent(onGone: (gone: { pid: number; name: string }) => void, intervalMs = 1000): () => void {
  const parent = process.ppid;
  const parentName = processName(parent) ?? 'parent';
  // npm's script shell is the parent; the launcher whose end matters is the shell's parent.
  const launcher = isShell(parentName) ? parentOf(parent) : undefined;
  const launcherName = launcher === undefined ? undefined : (processName(launcher) ?? 'launcher');
  const timer = setInterval(() => {
    let gone: { pid: number; name: string } | undefined;
    if (process.ppid !== parent) gone = { pid: parent, name: parentName };
    else if (launcher !== undefined && parentOf(parent) !== launcher) gone = { pid: launcher, name: launcherName! };
    if (!gone) return;
    clearInterval(timer);
    onGone(gone);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** True when a package manager launched this process (npx, npm exec, npm run, and pnpm's and yarn's runners set these). */
export function shouldWatchParent(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env['npm_lifecycle_event'] || env['npm_execpath']);
}

const shells = new Set(['sh', 'dash', 'bash', 'zsh', 'ash', 'ksh', 'busybox']);

function isShell(name: string): boolean {
  return shells.has(name);
}

/** The command name of a process (Linux /proc), undefined elsewhere or once it is gone. */
function processName(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** The parent pid of a process (Linux /proc), undefined elsewhere or once it is gone. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}
