"""Trusted launcher for one sandboxed Python run (lamas).

The host starts this file with `python3 -I`, usually as PID 1 of fresh PID, network and
mount namespaces (util-linux `unshare`). It hides the world-writable directories behind
private tmpfs mounts, drops to an unprivileged uid, applies rlimits, runs the untrusted
program and waits for it. When this process exits, the kernel kills every process left in
the PID namespace, including children that detached with setsid, so nothing outlives a run.

Argument: one JSON object (see python-sandbox.ts `LauncherConfig`).
"""

import ctypes
import json
import os
import resource
import signal
import sys

MS_NOSUID = 2
MS_NODEV = 4
MS_BIND = 4096

# Where the run directory appears inside the private mount namespace.
PRIVATE_WORKDIR = "/tmp/run"


def mount_tmpfs(libc, target, size_bytes):
    if not os.path.isdir(target):
        return
    options = f"size={size_bytes},mode=1777".encode()
    if libc.mount(b"tmpfs", target.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, options) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"mount tmpfs on {target}: {os.strerror(errno)}")


def hide_shared_writable_dirs(size_bytes):
    """Covers the world-writable dirs with throwaway tmpfs mounts and maps the run directory
    (the current directory) to PRIVATE_WORKDIR. Writes outside it vanish with the mount
    namespace; everything else is root-owned and read-only to the run uid."""
    libc = ctypes.CDLL(None, use_errno=True)
    for target in ("/tmp", "/var/tmp", "/dev/shm", "/run/lock"):
        mount_tmpfs(libc, target, size_bytes)
    os.mkdir(PRIVATE_WORKDIR)
    # /proc/self/cwd still reaches the run directory that the new /tmp now hides.
    if libc.mount(b"/proc/self/cwd", PRIVATE_WORKDIR.encode(), None, MS_BIND, None) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"bind the run directory: {os.strerror(errno)}")
    os.chdir(PRIVATE_WORKDIR)
    return PRIVATE_WORKDIR


def apply_limits(config):
    def cap(kind, value):
        resource.setrlimit(kind, (value, value))

    cap(resource.RLIMIT_CPU, config["cpuSeconds"])
    cap(resource.RLIMIT_AS, config["memoryBytes"])
    cap(resource.RLIMIT_FSIZE, config["fileBytes"])
    cap(resource.RLIMIT_NOFILE, config["openFiles"])
    # RLIMIT_NPROC counts every process of the real uid, so it only means "this run" when the
    # run has a uid of its own.
    if config["processes"] is not None:
        cap(resource.RLIMIT_NPROC, config["processes"])
    cap(resource.RLIMIT_CORE, 0)


def drop_privileges(uid):
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)


def run_child(config, workdir):
    if config["dropToUid"] is not None:
        drop_privileges(config["dropToUid"])
    apply_limits(config)
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": workdir,
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
    }
    python = config["python"]
    os.execve(python, [python, "-I", "-B", config["entry"]], env)


def main():
    config = json.loads(sys.argv[1])
    # Keep a handle on the run directory before /tmp is covered by a fresh tmpfs.
    workdir = config["workdir"]
    os.chdir(workdir)
    if config["privateMounts"]:
        workdir = hide_shared_writable_dirs(config["tmpfsBytes"])
    pid = os.fork()
    if pid == 0:
        try:
            run_child(config, workdir)
        except BaseException as error:  # the launcher must never fall through into host code
            os.write(2, f"lamas-sandbox: could not start the program: {error}\n".encode())
        os._exit(127)
    # As PID 1 we also inherit orphans; reap them until the program itself exits.
    while True:
        try:
            done, status = os.waitpid(-1, 0)
        except ChildProcessError:
            os._exit(127)
        if done == pid:
            break
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        os.write(2, f"\nlamas-sandbox: killed by signal {signal.Signals(sig).name}\n".encode())
        os._exit(128 + sig)
    os._exit(os.WEXITSTATUS(status))


if __name__ == "__main__":
    main()
