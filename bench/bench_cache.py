"""The rebuild a scholar makes after editing one case file: with the build cache, and without.

In a temporary `git worktree` of HEAD, one build fills the cache (it computes everything). Then,
alternating, each run appends a comment to a case file (a new file hash: a changed case) and
builds twice: `sistercity build` (the world import and its SHACL validation from the cache) and
`sistercity build --no-cache` (everything computed again, the baseline). Prints each build's wall
time, the medians and the ratio cached / clean.

Usage:  .venv/bin/python bench/bench_cache.py [--runs N]
Never run by the test suite.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from worktrees import timed_build, worktree

EDITED = Path("data/cases/bandung-seoul/outcomes.ttl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind")
    args = parser.parse_args()
    times: dict[str, list[float]] = {"cached": [], "clean": []}
    with tempfile.TemporaryDirectory() as tmp, worktree(Path(tmp) / "tree") as tree:
        seconds, _ = timed_build(tree, Path(tmp) / "out", keep_cache=False)
        print(f"first build (fills the cache): {seconds:.1f} s", flush=True)
        for run in range(args.runs):
            with (tree / EDITED).open("a", encoding="utf-8") as case:
                case.write(f"\n# edit {run + 1}\n")
            for kind, options in (("cached", []), ("clean", ["--no-cache"])):
                seconds, _ = timed_build(tree, Path(tmp) / "out", options, keep_cache=True)
                times[kind].append(seconds)
                print(f"run {run + 1}: after editing {EDITED}: {kind} {seconds:.1f} s", flush=True)
    cached, clean = statistics.median(times["cached"]), statistics.median(times["clean"])
    print(f"\nmedian rebuild after a case edit: cached {cached:.1f} s, clean {clean:.1f} s; "
          f"cached / clean = {cached / clean:.2f}")


if __name__ == "__main__":
    main()
