"""Trusted launcher for one sandboxed Python run (lamas).

The host starts this file with `python3 -I`, usually as PID 1 of fresh PID, network and
mount namespaces (util-linux `unshare`, itself under `setpriv --pdeathsig KILL`, so the whole
namespace dies with the host process). It joins the run's cgroups (memory and process limits
for the run as a whole), builds a minimal root file system on a size-limited tmpfs (the system's
/usr, /etc and the interpreter read-only, a private /tmp and /run, three device nodes, a fresh
/proc; nothing of the project, its data or the host's other files), chroots into it, drops to an
unprivileged uid, applies rlimits, runs the untrusted program and waits for it. When this process
exits, the kernel kills every process left in the PID namespace, including children that detached
with setsid, so nothing outlives a run.

Argument: one JSON object (see python-sandbox.ts `LauncherConfig`).
"""

import ctypes
import json
import os
import resource
import shutil
import signal
import sys

MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
PR_SET_PDEATHSIG = 1

# Where the run's files appear inside the private root.
PRIVATE_WORKDIR = "/run"
SYSTEM_DIRS = ("usr", "etc", "bin", "sbin", "lib", "lib32", "lib64", "libx32")
DEVICES = ("null", "zero", "urandom", "random")

libc = ctypes.CDLL(None, use_errno=True)


def check(result, what):
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def mount(source, target, fstype, flags, options=None):
    check(
        libc.mount(
            source.encode() if source else None,
            target.encode(),
            fstype.encode() if fstype else None,
            flags,
            options.encode() if options else None,
        ),
        f"mount {source} on {target}",
    )


def bind_read_only(source, target):
    mount(source, target, None, MS_BIND | MS_REC)
    mount(None, target, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID)


def die_with_parent():
    """The run must not outlive whoever started it (a killed grader, a crashed trainer)."""
    check(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "prctl(PR_SET_PDEATHSIG)")


def join_cgroups(procs_files):
    for path in procs_files:
        with open(path, "w") as f:
            f.write(str(os.getpid()))


def interpreter_dirs(python):
    """Directories outside the system dirs the interpreter needs (e.g. a pyenv install)."""
    dirs = []
    for path in (sys.base_prefix, os.path.dirname(os.path.realpath(python))):
        top = path.strip("/").split("/")[0]
        if top and top not in SYSTEM_DIRS:
            dirs.append(path)
    return dirs


def build_root(root, size_bytes, python, files_dir, uid):
    """A minimal root on a tmpfs of `size_bytes`: all the run can write, and all it can read
    beyond the system's own files."""
    mount("tmpfs", root, "tmpfs", MS_NOSUID, f"size={size_bytes},mode=755")
    for name in SYSTEM_DIRS:
        host = "/" + name
        inside = os.path.join(root, name)
        if os.path.islink(host):
            os.symlink(os.readlink(host), inside)
        elif os.path.isdir(host):
            os.mkdir(inside)
            bind_read_only(host, inside)
    for path in interpreter_dirs(python):
        inside = root + path
        os.makedirs(inside, exist_ok=True)
        bind_read_only(path, inside)
    os.mkdir(os.path.join(root, "dev"))
    for name in DEVICES:
        inside = os.path.join(root, "dev", name)
        open(inside, "w").close()
        mount("/dev/" + name, inside, None, MS_BIND)
    for name in ("tmp", "dev/shm"):
        os.mkdir(os.path.join(root, name))
        os.chmod(os.path.join(root, name), 0o1777)
    os.mkdir(os.path.join(root, "proc"))
    mount("proc", os.path.join(root, "proc"), "proc", MS_NOSUID | MS_NODEV)
    workdir = root + PRIVATE_WORKDIR
    shutil.copytree(files_dir, workdir)
    if uid is not None:
        for directory, _, names in os.walk(workdir):
            os.chown(directory, uid, uid)
            for name in names:
                os.chown(os.path.join(directory, name), uid, uid)
    os.chmod(workdir, 0o700)
    os.chroot(root)
    os.chdir(PRIVATE_WORKDIR)
    return PRIVATE_WORKDIR


def apply_limits(config):
    def cap(kind, value):
        resource.setrlimit(kind, (value, value))

    # The soft limit sends SIGXCPU, which the host reads as "CPU budget spent" (a timeout); the
    # hard limit one second later is SIGKILL, for a program that catches SIGXCPU.
    resource.setrlimit(resource.RLIMIT_CPU, (config["cpuSeconds"], config["cpuSeconds"] + 1))
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
    if not config["privateMounts"]:
        # Without a PID namespace nothing else ends the program when the host dies.
        die_with_parent()
    apply_limits(config)
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": workdir,
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
    }
    python = config["python"]
    os.execve(python, [python, "-I", "-B", config["entry"], *config["args"]], env)


def main():
    config = json.loads(sys.argv[1])
    die_with_parent()
    if os.getppid() == 1 and not config["privateMounts"]:
        os._exit(137)  # the host died before the death signal was armed
    join_cgroups(config["cgroupProcs"])
    os.chdir(config["workdir"])
    workdir = config["workdir"]
    if config["privateMounts"]:
        workdir = build_root(config["rootDir"], config["tmpfsBytes"], config["python"], config["workdir"], config["dropToUid"])
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
