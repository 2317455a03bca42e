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
import statistics
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from worktrees import git, timed_build, worktree  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", nargs="?", default="8a8bbcb", help="the first revision (the baseline)")
    parser.add_argument("b", nargs="?", default="82dc3b5", help="the second revision")
    parser.add_argument("--runs", type=int, default=2, help="builds of each revision")
    parser.add_argument("--no-world", action="store_true", help="case data only")
    args = parser.parse_args()
    revisions = [(rev, git("rev-parse", "--short", rev)) for rev in (args.a, args.b)]
    with tempfile.TemporaryDirectory() as tmp:
        with ExitStack() as trees_open:
            trees = {short: trees_open.enter_context(worktree(Path(tmp) / short, rev))
                     for rev, short in revisions}
            times: dict[str, list[float]] = {short: [] for _, short in revisions}
            for run in range(args.runs):
                for _, short in revisions:
                    seconds, _ = timed_build(trees[short], Path(tmp) / f"out-{short}-{run}",
                                             ["--no-world"] if args.no_world else [])
                    times[short].append(seconds)
                    print(f"run {run + 1}: {short} {git('log', '-1', '--format=%s', short)[:60]!r}: "
                          f"{seconds:.1f} s", flush=True)
    (_, a), (_, b) = revisions
    median_a, median_b = statistics.median(times[a]), statistics.median(times[b])
    print(f"\nmedian full build: {a} {median_a:.1f} s, {b} {median_b:.1f} s; "
          f"{b} / {a} = {median_b / median_a:.2f}")


if __name__ == "__main__":
    main()
