"""The full build of two revisions of the project, timed side by side in one run.

Each revision is checked out into a temporary `git worktree` and built there with its own code
(`python -m sistercity build`, PYTHONPATH at the worktree's src/), both with this checkout's
virtual environment; the builds alternate, A B A B …, so that a busy machine slows both alike.
Prints each run's wall time, the median of each revision and the ratio B / A.

Usage:  .venv/bin/python bench/compare_revisions.py [REV_A] [REV_B] [--runs N] [--no-world]
        (defaults: 8a8bbcb, the end of round one, and 82dc3b5, the same code in the package
        layout of issue 10)
Never run by the test suite.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def git(*args: str) -> str:
    """Run git in this checkout; its stdout, stripped."""
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True,
                          text=True).stdout.strip()


def timed_build(tree: Path, out: Path, with_world: bool) -> float:
    """Wall seconds of `sistercity build` of the worktree ``tree`` with its own code."""
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    command = [sys.executable, "-m", "sistercity", "build", "--root", str(tree), "--out", str(out)]
    if not with_world:
        command.append("--no-world")
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=tree)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"the build of {tree} failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", nargs="?", default="8a8bbcb", help="the first revision (the baseline)")
    parser.add_argument("b", nargs="?", default="82dc3b5", help="the second revision")
    parser.add_argument("--runs", type=int, default=2, help="builds of each revision")
    parser.add_argument("--no-world", action="store_true", help="case data only")
    args = parser.parse_args()
    revisions = [(rev, git("rev-parse", "--short", rev)) for rev in (args.a, args.b)]
    with tempfile.TemporaryDirectory() as tmp:
        trees = {}
        try:
            for rev, short in revisions:
                tree = Path(tmp) / short
                git("worktree", "add", "--detach", str(tree), rev)
                trees[short] = tree
            times: dict[str, list[float]] = {short: [] for _, short in revisions}
            for run in range(args.runs):
                for _, short in revisions:
                    seconds = timed_build(trees[short], Path(tmp) / f"out-{short}-{run}", not args.no_world)
                    times[short].append(seconds)
                    print(f"run {run + 1}: {short} {git('log', '-1', '--format=%s', short)[:60]!r}: "
                          f"{seconds:.1f} s", flush=True)
        finally:
            for tree in trees.values():
                git("worktree", "remove", "--force", str(tree))
    (_, a), (_, b) = revisions
    median_a, median_b = statistics.median(times[a]), statistics.median(times[b])
    print(f"\nmedian full build: {a} {median_a:.1f} s, {b} {median_b:.1f} s; "
          f"{b} / {a} = {median_b / median_a:.2f}")


if __name__ == "__main__":
    main()
