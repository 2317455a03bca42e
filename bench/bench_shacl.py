"""Two SHACL engines on our data: pySHACL (the one the build uses) and rudof (pyrudof, Rust).

The world SHACL validation is the longest step of a clean build, so a faster engine would pay.
This measures both, side by side in one run, on the world graph of the three sources (with the
ontology and vocabularies, as the build validates it), and checks that they find the same:
- the world: each engine's wall time and its findings as (focus, shape, severity);
- every shape fixture under tests/shapes/: the findings of each, and the fixtures where they differ.
An engine that finds less than pySHACL on any input does not do the job, whatever its speed.

Usage:  .venv/bin/pip install -e '.[bench]' && .venv/bin/python bench/bench_shacl.py
Never run by the test suite.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from pathlib import Path

import pyrudof
from rdflib import Graph

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests/unit/shapes_harness.py: the fixtures, validated as the tests do

from sistercity.build import dataset as ds  # noqa: E402
from sistercity.build.study import find_studies  # noqa: E402
from sistercity.build.validate import validate_borrowed  # noqa: E402
from sistercity.core import ntriples as nt  # noqa: E402
from sistercity.core.namespaces import G  # noqa: E402
from sistercity.sources.world import build_world  # noqa: E402

Finding = tuple[str, str, str]  # focus, source shape, severity (local name)


def rudof_findings(data: Iterable[str], shapes: str) -> tuple[set[Finding], float, float]:
    """Validate N-Triples ``data`` (texts) against Turtle ``shapes`` with rudof: findings, load s, validate s."""
    started = time.perf_counter()
    engine = pyrudof.Rudof(pyrudof.RudofConfig())
    for i, text in enumerate(data):
        engine.read_data(text, format=pyrudof.RDFFormat.NTriples, merge=i > 0)
    engine.read_shacl(shapes)
    loaded = time.perf_counter()
    report = engine.validate_shacl()
    done = time.perf_counter()
    found = {(e.focus_node, e.source_shape, e.severity) for e in report}
    return found, loaded - started, done - loaded


def world(schema: Graph, shapes: Graph) -> None:
    """Both engines on the world graph."""
    print("importing the world (three sources) ...", flush=True)
    built = build_world(ROOT, store="none")
    text = built.ntriples()
    started = time.perf_counter()
    graph = built.rdf_graph()
    made = time.perf_counter()
    result = validate_borrowed(graph, shapes=shapes, ontology=schema)
    checked = time.perf_counter()
    ours = {(f.focus, f.shape or "", f.severity.value) for f in result.findings}
    print(f"world: {text.count(chr(10)):,} triples")
    print(f"  pySHACL: rdflib graph {made - started:.1f} s, validation {checked - made:.1f} s, "
          f"{len(ours):,} findings")
    theirs, load, run = rudof_findings([text, nt.lines(schema)], shapes.serialize(format="turtle"))
    print(f"  rudof:   loading {load:.1f} s, validation {run:.1f} s, {len(theirs):,} findings")
    print(f"  pySHACL only: {len(ours - theirs):,}; rudof only: {len(theirs - ours):,}")
    for focus, shape, severity in sorted(theirs ^ ours)[:5]:
        print(f"    {severity} {shape} on {focus}")


def fixtures() -> None:
    """Both engines on every shape fixture."""
    from tests.unit.shapes_harness import FIXTURES, fixture_names, ontology_graph, shapes_graph, validate_fixture

    schema, shapes = nt.lines(ontology_graph()), shapes_graph().serialize(format="turtle")
    same, differ = 0, []
    for kind in ("valid", "invalid"):
        for name in fixture_names(kind):
            ours = {(r.focus, r.shape, r.severity) for r in validate_fixture(kind, name).results}
            text = nt.lines(Graph().parse(FIXTURES / kind / f"{name}.ttl", format="turtle"))
            try:
                found, _, _ = rudof_findings([schema, text], shapes)
            except Exception as exc:  # rudof raises its own error types; the message is the finding
                differ.append(f"{kind}/{name}: rudof fails: {str(exc).splitlines()[0][:120]}")
                continue
            theirs = {(short(f), short(s), v) for f, s, v in found}
            if theirs == ours:
                same += 1
            else:
                differ.append(f"{kind}/{name}: pySHACL {sorted(ours)}, rudof {sorted(theirs)}")
    print(f"fixtures: the same findings on {same} of {same + len(differ)}")
    for line in differ:
        print("  " + line)


def short(iri: str) -> str:
    """An IRI as the shapes harness writes it."""
    from rdflib import URIRef

    from tests.unit.shapes_harness import short as harness_short

    return harness_short(URIRef(iri)) or iri


def main() -> None:
    print(f"pyrudof {pyrudof.Rudof(pyrudof.RudofConfig()).get_version()}", flush=True)
    layout = ds.Layout(ROOT, find_studies(ROOT, ()))
    loaded = ds.load_dataset(layout)
    world(loaded.union([G.ONTOLOGY, G.VOCAB]), loaded.graph(G.SHAPES))
    fixtures()


if __name__ == "__main__":
    main()
