"""Trusted harness that grades one code completion (lamas). Runs inside the sandbox.

Threat model (docs/SANDBOX.md): the completion is hostile. It runs in a process of its own
(forked before the harness reads anything secret) that holds only the prompt and the completion: no tests, no verdict
channel, stdin and stdout on /dev/null. The harness process holds the hidden tests (they arrive
on its stdin, never as a file), makes itself non-dumpable so the completion's process (same
uid) cannot read its memory, file descriptors or stdin through /proc or ptrace, calls the
candidate over a pipe with arguments and results as plain Python literals (decoded by a
restricted literal reader, so no object of the completion's making, e.g. one whose `__eq__`
always says True, ever reaches the asserts), and prints the verdict with a nonce only it knows.
Whatever the completion does (exit 0, kill itself, hook the interpreter, print anything) ends
as an error, never as a pass.

Usage: `main.py ENTRY_POINT` reads {"nonce", "prompt", "test", "entryPoint"} as JSON on stdin and prints
one JSON line {"nonce", "status": passed|failed|error|timeout, "message"}.
"""

import ast
import ctypes
import json
import math
import os
import signal
import sys

PR_SET_DUMPABLE = 4
MAX_MESSAGE_BYTES = 16 * 1024 * 1024
CANDIDATE_FILE = "candidate.py"


class CandidateFailed(Exception):
    """The candidate's process raised, exited or answered with something that is not a value."""


class CandidateTimedOut(CandidateFailed):
    """The candidate's process spent its CPU time (RLIMIT_CPU sent it SIGXCPU)."""


# ---------------------------------------------------------------- values on the wire


def decode_value(text):
    """Reads a Python literal; also nan and inf, which repr writes as bare names."""
    return _literal(ast.parse(text, mode="eval").body)


_NAMES = {"nan": math.nan, "inf": math.inf, "True": True, "False": False, "None": None}


def _literal(node):
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name) and node.id in _NAMES:
        return _NAMES[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _literal(node.operand)
        if not isinstance(value, (int, float, complex)) or isinstance(value, bool):
            raise ValueError("sign on a non-number")
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        # complex numbers: repr writes (1+2j)
        left, right = _literal(node.left), _literal(node.right)
        if not isinstance(right, complex) or not isinstance(left, (int, float)):
            raise ValueError("arithmetic in a value")
        return left + right if isinstance(node.op, ast.Add) else left - right
    if isinstance(node, ast.Tuple):
        return tuple(_literal(item) for item in node.elts)
    if isinstance(node, ast.List):
        return [_literal(item) for item in node.elts]
    if isinstance(node, ast.Set):
        return {_literal(item) for item in node.elts}
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "set" and not node.args:
        return set()
    if isinstance(node, ast.Dict):
        return {_literal(k): _literal(v) for k, v in zip(node.keys, node.values)}
    raise ValueError(f"not a plain value: {type(node).__name__}")


def send(stream, kind, payload):
    stream.write(f"{kind} {payload}\n".encode("utf-8", "backslashreplace"))
    stream.flush()


def describe(error):
    return f"{type(error).__name__}: {error}"


# ---------------------------------------------------------------- the candidate's process


def serve(entry_point, requests_fd, replies_fd):
    """Runs the completion's module, then answers calls of its entry point. Everything here
    is the completion's to tamper with; the harness trusts none of it."""
    requests = os.fdopen(requests_fd, "rb")
    replies = os.fdopen(replies_fd, "wb")
    try:
        import runpy

        namespace = runpy.run_path(CANDIDATE_FILE, run_name="__main__")
        function = namespace[entry_point]
    except BaseException as error:
        send(replies, "err", repr(describe(error)))
        return
    send(replies, "ready", "''")
    for line in requests:
        args, kwargs = decode_value(line.decode().partition(" ")[2].strip())
        try:
            send(replies, "ok", repr(function(*args, **kwargs)))
        except BaseException as error:
            send(replies, "err", repr(describe(error)))


# ---------------------------------------------------------------- the harness


class Candidate:
    """Calls the completion's entry point in its own process.

    The process is forked before the harness reads its stdin, so it never holds the tests or
    the nonce, and it gives up the harness's stdin, stdout and stderr before running any of the
    completion's code."""

    def __init__(self, entry_point):
        requests_read, requests_write = os.pipe()
        replies_read, replies_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(requests_write)
                os.close(replies_read)
                null = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(null, fd)
                os.closerange(3, min(requests_read, replies_write))
                serve(entry_point, requests_read, replies_write)
            finally:
                os._exit(0)
        os.close(requests_read)
        os.close(replies_write)
        self.pid = pid
        self.reader = os.fdopen(replies_read, "rb")
        self.writer = os.fdopen(requests_write, "wb")

    def receive(self):
        line = self.reader.readline(MAX_MESSAGE_BYTES + 1)
        if not line.endswith(b"\n"):
            code = self.close()
            if len(line) > MAX_MESSAGE_BYTES:
                raise CandidateFailed("the candidate answered with more than 16 MiB")
            if code == f"signal {signal.SIGXCPU.value}":
                raise CandidateTimedOut("the candidate used up its CPU time")
            raise CandidateFailed(f"the candidate's process ended ({code}) without answering")
        kind, _, payload = line.decode("utf-8", "replace").rstrip("\n").partition(" ")
        try:
            value = decode_value(payload)
        except (ValueError, SyntaxError, RecursionError, MemoryError) as error:
            raise CandidateFailed(f"the candidate returned something that is not a plain value ({error})") from None
        if kind == "err":
            raise CandidateFailed(str(value))
        if kind not in ("ok", "ready"):
            raise CandidateFailed("the candidate broke the call protocol")
        return value

    def __call__(self, *args, **kwargs):
        try:
            send(self.writer, "call", repr((args, kwargs)))
        except (BrokenPipeError, OSError):
            pass  # receive() reports how the candidate's process ended
        return self.receive()

    def close(self):
        if self.pid is None:
            return self.status
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        self.status = f"exit code {os.WEXITSTATUS(status)}" if os.WIFEXITED(status) else f"signal {os.WTERMSIG(status)}"
        return self.status


def grade(candidate, config):
    nonce = config["nonce"]
    try:
        candidate.receive()  # the module ran and defines the entry point
        namespace = {"__name__": "__lamas_check__"}
        # The prompt is trusted: tests use its helpers (e.g. HumanEval/32's poly).
        exec(compile(config["prompt"], "prompt.py", "exec"), namespace)
        # Tests may name the entry point directly (HumanEval/33): that is the candidate too.
        namespace[config["entryPoint"]] = candidate
        exec(compile(config["test"], "test.py", "exec"), namespace)
        namespace["check"](candidate)
        verdict = {"status": "passed"}
    except AssertionError as error:
        verdict = {"status": "failed", "message": describe(error)}
    except CandidateTimedOut as error:
        verdict = {"status": "timeout", "message": str(error)}
    except CandidateFailed as error:
        verdict = {"status": "error", "message": str(error)}
    except BaseException as error:
        verdict = {"status": "error", "message": describe(error)}
    finally:
        candidate.close()
    print(json.dumps({"nonce": nonce, **verdict}), flush=True)


def main():
    # Before anything else: no process of the same uid may read this one's memory, fds or stdin.
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        print(json.dumps({"nonce": None, "status": "error", "message": "could not protect the harness"}))
        return
    entry_point = sys.argv[1]
    candidate = Candidate(entry_point)
    grade(candidate, json.loads(sys.stdin.read()))


if __name__ == "__main__":
    main()
