#!/usr/bin/env python3
"""Checks data/humaneval-mini.jsonl and its public tests.

For every problem: the canonical solution passes the hidden check() and each public
assert, the docstring examples hold (doctest), every public assert is one of the hidden
asserts, and a wrong body (`return None`) fails both the hidden and the public tests.
Each program runs in a fresh interpreter with a timeout.

    python3 data/check-humaneval-mini.py
"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
WRONG_BODY = "    return None\n"


def run(source: str) -> bool:
    """True if the program exits cleanly within the time limit."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", source],
            capture_output=True,
            text=True,
            timeout=20,
        )
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0


def load(name: str) -> list:
    with open(os.path.join(HERE, name), encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def main() -> int:
    problems = load("humaneval-mini.jsonl")
    public = {row["problem_id"]: row for row in load("humaneval-mini-public-tests.jsonl")}
    failures = []
    counts = {"hidden": 0, "public": 0, "doctest": 0, "wrong_hidden": 0, "wrong_public": 0}
    for p in problems:
        tid, entry = p["task_id"], p["entry_point"]
        program = p["prompt"] + p["canonical_solution"]
        wrong = p["prompt"] + WRONG_BODY
        asserts = public[tid]["test"]
        if public[tid]["entry_point"] != entry:
            failures.append(f"{tid}: public entry_point differs")
        for line in asserts:
            if f"    {line}\n" not in p["test"]:
                failures.append(f"{tid}: public test is not a hidden assert: {line}")
        hidden_ok = run(program + p["test"] + f"\ncheck({entry})\n")
        public_ok = run(program + f"\ncandidate = {entry}\n" + "\n".join(asserts) + "\n")
        doctest_ok = run(
            program + "\nimport doctest, sys\nfailed, _ = doctest.testmod()\nsys.exit(1 if failed else 0)\n"
        )
        wrong_hidden_fails = not run(wrong + p["test"] + f"\ncheck({entry})\n")
        wrong_public_fails = not run(wrong + f"\ncandidate = {entry}\n" + "\n".join(asserts) + "\n")
        for key, ok in (
            ("hidden", hidden_ok),
            ("public", public_ok),
            ("doctest", doctest_ok),
            ("wrong_hidden", wrong_hidden_fails),
            ("wrong_public", wrong_public_fails),
        ):
            if ok:
                counts[key] += 1
            else:
                failures.append(f"{tid} ({entry}): {key} check failed")
    total = len(problems)
    print(f"{total} problems")
    print(f"canonical passes hidden tests: {counts['hidden']}/{total}")
    print(f"canonical passes public tests: {counts['public']}/{total}")
    print(f"docstring examples hold (doctest): {counts['doctest']}/{total}")
    print(f"'return None' fails hidden tests: {counts['wrong_hidden']}/{total}")
    print(f"'return None' fails public tests: {counts['wrong_public']}/{total}")
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
