"""What the whole-build benchmarks share: a temporary `git worktree` and a timed build in it."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def git(*args: str) -> str:
    """Run git in this checkout; its stdout, stripped."""
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True,
                          text=True).stdout.strip()


@contextmanager
def worktree(path: Path, revision: str = "HEAD") -> Iterator[Path]:
    """A detached worktree of ``revision`` at ``path``, removed afterwards."""
    git("worktree", "add", "--detach", str(path), revision)
    try:
        yield path
    finally:
        git("worktree", "remove", "--force", str(path))


def timed_build(tree: Path, out: Path, options: Sequence[str] = (), *,
                keep_cache: bool = False) -> tuple[float, float]:
    """Wall seconds of `sistercity build` of ``tree`` with its own code (PYTHONPATH at its src/),
    and the peak resident memory (MiB) of the largest process any build of this run had so far.

    The build cache is the worktree's own (TREE/.cache/sistercity), emptied first unless
    ``keep_cache``: a full build computes every step, whichever revision it is."""
    cache = tree / ".cache" / "sistercity"
    if not keep_cache:
        shutil.rmtree(cache, ignore_errors=True)
    environment = {**os.environ, "PYTHONPATH": str(tree / "src"), "SISTERCITY_CACHE": str(cache)}
    command = [sys.executable, "-m", "sistercity", "build", "--root", str(tree), "--out", str(out),
               *options]
    started = time.perf_counter()
    done = subprocess.run(command, env=environment, capture_output=True, text=True, cwd=tree)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"the build of {tree} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
