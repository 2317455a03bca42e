"""Benchmark: median time per research question, Oxigraph against rdflib's SPARQL engine.

Runs every question in queries/cq/ (default parameters) on the built graph, case only and with the
world list, N times each, and prints the medians with their ratio; rdflib queries the same quads
(dist/sistercity.nq parsed into a Dataset with ``default_union``). Row counts are compared too, so
an engine difference shows. The target: every question under 50 ms median on the world graph.

    .venv/bin/python bench/bench_queries.py                    # builds both graphs into a temp folder
    .venv/bin/python bench/bench_queries.py --world-dist dist  # reuse a build (and skip the other)
    .venv/bin/python bench/bench_queries.py --runs 20 --rdflib-runs 3

Not run by the test suite.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef, Variable
from rdflib.term import Node

from sistercity.build.pipeline import build
from sistercity.publish.query import Question, bind, list_questions, run
from sistercity.core.paths import BUILT_QUADS
from sistercity.publish.built import load_built

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 50.0


@dataclass(frozen=True)
class Timing:
    """Median milliseconds and row count of one question on one engine."""

    median_ms: float
    rows: int
    error: str = ""


def median_ms(call: Callable[[], int], runs: int) -> Timing:
    """Run ``call`` ``runs`` times (after one warm-up); the median wall time and the row count."""
    rows = call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return Timing(statistics.median(times), rows)


def rdflib_bindings(question: Question) -> dict[Variable, Node]:
    """The question's default parameters as rdflib terms (the same values Oxigraph gets)."""
    out: dict[Variable, Node] = {}
    for variable, term in bind(question, {}).items():
        if isinstance(term, ox.NamedNode):
            out[Variable(variable.value)] = URIRef(term.value)
        else:
            out[Variable(variable.value)] = Literal(term.value, datatype=URIRef(term.datatype.value))
    return out


def bench_graph(dist: Path, questions: list[Question], *, runs: int, rdflib_runs: int) -> list[tuple[str, Timing, Timing | None]]:
    """Time every question on the graph built in ``dist`` with both engines."""
    store = load_built(dist)
    dataset = None
    if rdflib_runs:
        started = time.perf_counter()
        dataset = Dataset(default_union=True)
        dataset.parse(dist / BUILT_QUADS, format="nquads")
        print(f"  rdflib parsed {len(dataset):,} quads in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    results = []
    for q in questions:
        oxi = median_ms(lambda: len(run(store, q).rows), runs)
        lib = None
        if dataset is not None:
            bindings = rdflib_bindings(q)
            try:
                lib = median_ms(lambda: len(list(dataset.query(q.text, initBindings=bindings))), rdflib_runs)
            except Exception as exc:  # an rdflib engine limitation is a finding, not a reason to stop
                lib = Timing(float("nan"), -1, f"{type(exc).__name__}: {exc}")
        print(f"  {q.path.stem}: {oxi.median_ms:.1f} ms" + (f" / rdflib {lib.median_ms:.0f} ms" if lib else ""),
              file=sys.stderr)
        results.append((q.path.stem, oxi, lib))
    return results


def table(title: str, results: list[tuple[str, Timing, Timing | None]]) -> str:
    """The results as a Markdown table with ratios; questions over the target are marked."""
    lines = [f"### {title}", "",
             "| question | rows | Oxigraph ms | rdflib ms | rdflib rows | rdflib / Oxigraph |",
             "|---|---:|---:|---:|---:|---:|"]
    for stem, oxi, lib in results:
        flag = " ⚠" if oxi.median_ms > TARGET_MS else ""
        if lib is None:
            lines.append(f"| {stem} | {oxi.rows} | {oxi.median_ms:.2f}{flag} | – | – | – |")
            continue
        if lib.error:
            lines.append(f"| {stem} | {oxi.rows} | {oxi.median_ms:.2f}{flag} | error | {lib.error[:60]} | – |")
            continue
        same = "" if lib.rows == oxi.rows else " (differs)"
        ratio = lib.median_ms / oxi.median_ms if oxi.median_ms else float("inf")
        lines.append(f"| {stem} | {oxi.rows} | {oxi.median_ms:.2f}{flag} | {lib.median_ms:.1f} | "
                     f"{lib.rows}{same} | {ratio:.0f}× |")
    worst = max(results, key=lambda r: r[1].median_ms)
    lines += ["", f"Slowest on Oxigraph: {worst[0]} at {worst[1].median_ms:.1f} ms (target < {TARGET_MS:.0f} ms)."]
    return "\n".join(lines)


def main() -> None:
    """Parse options, build what is missing, time, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per question on Oxigraph")
    parser.add_argument("--rdflib-runs", type=int, default=3, help="timed runs on rdflib (0: skip rdflib)")
    parser.add_argument("--case-dist", type=Path, help="a case-only build to reuse")
    parser.add_argument("--world-dist", type=Path, help="a build with the world list to reuse")
    args = parser.parse_args()
    questions = list_questions(ROOT / "queries" / "cq")
    with tempfile.TemporaryDirectory() as scratch:
        graphs = []
        if args.case_dist or not args.world_dist:
            case = args.case_dist or Path(scratch) / "case"
            if not args.case_dist:
                print("building the case-only graph …", file=sys.stderr)
                build(ROOT, out=case, with_world=False)
            graphs.append(("case only", case))
        if args.world_dist or not args.case_dist:
            world = args.world_dist or Path(scratch) / "world"
            if not args.world_dist:
                print("building the graph with the world list …", file=sys.stderr)
                build(ROOT, out=world, with_world=True)
            graphs.append(("with the world list", world))
        for title, dist in graphs:
            print(f"timing {title} ({dist}) …", file=sys.stderr)
            results = bench_graph(dist, questions, runs=args.runs, rdflib_runs=args.rdflib_runs)
            print(table(f"{title}: median of {args.runs} runs (rdflib {args.rdflib_runs})", results))
            print()


if __name__ == "__main__":
    main()
