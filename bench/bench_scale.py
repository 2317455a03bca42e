"""How the full build grows with the world input: the three lists at 1×, 2× and 4× their rows.

Each scale builds in its own temporary `git worktree` of HEAD, in which every source file of
data/world/sources.toml is replicated: copy i (from 2 on) repeats every row with each city name
prefixed "R{i} " ("R2 Berlin" twinned with "R2 Paris"), so that the copies are new places and
new twinnings, not duplicates the import would merge. The provenance records get the new SHA-256
and row count, as a maintainer updating a list would do. Prints, per scale, the input rows, the
build's wall time, the largest resident memory of any of its processes, and the ratios to 1×.

Usage:  .venv/bin/python bench/bench_scale.py [--scales 1 2 4]
Never run by the test suite.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sistercity.sources.mapping import load_mapping  # noqa: E402
from sistercity.sources.world import world_sources  # noqa: E402
from worktrees import timed_build, worktree  # noqa: E402


def replicate(data: Path, mapping: Path, record: Path, scale: int) -> int:
    """Replicate the rows of ``data`` ``scale`` times with shifted names; update ``record``."""
    columns = load_mapping(mapping)
    delimiter = columns.delimiter
    names = [c for c in (columns.city1, columns.city2) if c]
    with data.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    out = io.StringIO()
    writer = csv.DictWriter(out, header, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    for copy in range(1, scale + 1):
        for row in rows:
            shifted = dict(row)
            if copy > 1:
                for column in names:
                    if shifted[column]:
                        shifted[column] = f"R{copy} {shifted[column]}"
            writer.writerow(shifted)
    data.write_text(out.getvalue(), encoding="utf-8")
    digest = hashlib.sha256(data.read_bytes()).hexdigest()
    text = record.read_text(encoding="utf-8")
    text = re.sub(r'sc:sha256 "[0-9a-f]{64}"', f'sc:sha256 "{digest}"', text)
    text = re.sub(r'sc:rowCount "\d+"', f'sc:rowCount "{len(rows) * scale}"', text)
    record.write_text(text, encoding="utf-8")
    return len(rows) * scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for scale in args.scales:
            with worktree(Path(tmp) / f"x{scale}") as tree:
                rows = sum(replicate(s.data, s.mapping, s.record, scale) for s in world_sources(tree))
                seconds, peak = timed_build(tree, Path(tmp) / f"out-{scale}")
            results.append((scale, rows, seconds, peak))
            print(f"{scale}x: {rows:,} rows, {seconds:.1f} s, largest process so far {peak:.0f} MiB", flush=True)
    base_rows, base_seconds = results[0][1], results[0][2]
    print("\n| scale | rows | build s | s / 1x s | rows / 1x rows | largest process MiB (running max) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for scale, rows, seconds, peak in results:
        print(f"| {scale}x | {rows:,} | {seconds:.1f} | {seconds / base_seconds:.2f} | "
              f"{rows / base_rows:.2f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
