"""Benchmark of the exports on the world view of the built graph (not run by tests).

    .venv/bin/python bench/bench_exports.py [--dist DIST] [--view world]

Prints the time to load dist/, to build the view, and for each format the time to write it and
the size of what it wrote (in a temporary folder, removed afterwards).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from sistercity.publish.exporters import Format, default_path, export
from sistercity.publish.exporters.selection import build_view
from sistercity.publish.exporters.views import parse_view
from sistercity.publish.built import load_built

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    """Run the benchmark and print one row per step."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--view", default="world")
    args = parser.parse_args()
    started = time.perf_counter()
    store = load_built(args.dist)
    loaded = time.perf_counter()
    view = build_view(store, parse_view(args.view))
    built = time.perf_counter()
    print(f"view {view.slug}: {len(view.graph):,} nodes, {view.graph.number_of_edges():,} edges")
    print(f"{'step':<22}{'seconds':>9}{'MB':>9}")
    print(f"{'load dist/':<22}{loaded - started:>9.2f}")
    print(f"{'build view':<22}{built - loaded:>9.2f}")
    total = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for fmt in Format:
            begin = time.perf_counter()
            paths = export(view, fmt, out=default_path(Path(folder), view.slug, fmt))
            seconds = time.perf_counter() - begin
            total += seconds
            size = sum(p.stat().st_size for p in paths) / 1e6
            print(f"{fmt.value:<22}{seconds:>9.2f}{size:>9.1f}")
    print(f"{'all formats':<22}{total:>9.2f}")


if __name__ == "__main__":
    main()
