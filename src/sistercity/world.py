"""Facade of the world twinning step: import, quality report, analytics, output files.

``sistercity build`` calls ``build_world(root, store="none")`` and takes the ``world`` named
graph as N-Triples text (``WorldBuild.ntriples``; pySHACL gets ``rdf_graph()`` in its own
process), ``analyse_import`` for the ``analytics`` graph, and ``write_world_outputs`` for dist/.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import Graph, URIRef

from . import ntriples as nt
from .importers.countries import CountryResolver, load_resolver
from .importers.geocode import Geocoder, load_geocoder
from .importers.mapping import ColumnMapping, load_mapping
from .errors import UsageError
from .importers.rdf import source_iri, world_graph, world_ntriples
from .importers.twinnings import ImportResult, normalise, read_table
from .io import parse_rdf, write_text
from .network import Analytics, analyse
from .quality import QualityReport, build_report, coordinate_flags, region_flags

WORLD_DIR = Path("data/world")
WORLD_CSV = WORLD_DIR / "twin_cities.csv"
WORLD_MAPPING = WORLD_DIR / "mapping.toml"
WORLD_SOURCE = WORLD_DIR / "source.ttl"

__all__ = ["WorldBuild", "analyse", "build_world", "import_twinnings", "write_world_outputs"]


@dataclass(frozen=True)
class WorldBuild:
    """The imported twinning list: what was read, its quality report, and its RDF."""

    quality: QualityReport
    result: ImportResult
    rows_read: int
    timings: Mapping[str, float]
    source: URIRef
    provenance: Graph | None = None
    graph: Graph | None = None  # built by import_twinnings unless store="none"

    def rdf_graph(self) -> Graph:
        """The world graph in rdflib (the one already built, or a new one)."""
        if self.graph is not None:
            return self.graph
        graph = world_graph(self.result, source=self.source)
        if self.provenance is not None:
            graph.addN((s, p, o, graph) for s, p, o in self.provenance)
        return graph

    def ntriples(self) -> str:
        """The world graph as N-Triples text (for Oxigraph and reasonable)."""
        text = world_ntriples(self.result, source=self.source)
        return text + (nt.lines(self.provenance) if self.provenance is not None else "")


def import_twinnings(path: Path, mapping: ColumnMapping, *, provenance: Graph | None = None,
                     resolver: CountryResolver | None = None, geocoder: Geocoder | None = None,
                     check_coordinates: bool = True, store: str = "memory") -> WorldBuild:
    """Read, normalise, check and convert one twinning CSV.

    Args:
        path: the CSV file.
        mapping: which column holds what.
        provenance: triples describing the source (added to the graph as they are).
        resolver: country-name resolver (default: pycountry + the packaged override table).
        geocoder: reverse geocoder (loaded when coordinates are checked and none is given).
        check_coordinates: reverse-geocode coordinates (country check, homonym suffixes).
        store: "memory" (rdflib's in-memory store, filled with ``addN``), "oxigraph" (an
            rdflib Graph backed by pyoxigraph via oxrdflib, bulk-loaded from N-Triples text:
            about 5x faster to build, see bench/bench_world.py; caveat: pyoxigraph 0.5 reads
            xsd:positiveInteger and xsd:nonNegativeInteger back as xsd:integer) or "none" (no
            graph: the build takes the N-Triples text instead).

    Raises:
        ImportProblem: the file is not a CSV table or lacks a mapped column; nothing is built.
    """
    if store not in ("memory", "oxigraph", "none"):
        raise UsageError(f"unknown store {store!r}; use 'memory', 'oxigraph' or 'none'")
    clock = _Clock()
    table = read_table(path, mapping)
    clock.lap("read")
    resolver = resolver or load_resolver()
    geo = geocoder or (load_geocoder() if check_coordinates else None)
    clock.lap("load geocoder")
    describe = (lambda point: geo.nearest([point])[0].admin1) if geo is not None else (lambda point: "")
    result = normalise(table, resolver=resolver, describe=describe)
    clock.lap("normalise")
    checks = [*region_flags(result.places, geo)]
    if geo is not None:
        checks += coordinate_flags(result.places, geo)
    report = build_report(result, checks, source=f"{path.name} ({mapping.source})")
    clock.lap("quality checks")
    world = WorldBuild(report, result, result.rows_read, clock.laps, source_iri(mapping.source),
                       provenance)
    if store == "oxigraph":
        graph = Graph(store="Oxigraph")
        graph.parse(data=world.ntriples(), format="ox-nt")
        world = replace(world, graph=graph)
    elif store == "memory":
        world = replace(world, graph=world.rdf_graph())
    clock.lap("rdf graph")
    return world


def build_world(root: Path, *, store: str = "memory") -> WorldBuild:
    """Import ``data/world/twin_cities.csv`` with its mapping and provenance record (for the build)."""
    return import_twinnings(root / WORLD_CSV, load_mapping(root / WORLD_MAPPING),
                            provenance=parse_rdf(root / WORLD_SOURCE), store=store)


def write_world_outputs(dist: Path, build: WorldBuild, analytics: Analytics | None = None,
                        reconciliation_markdown: str | None = None) -> list[Path]:
    """Write the quality report, analytics tables and reconciliation report into ``dist``.

    Files: world-quality.md, world-quality.csv, world-places.csv, world-twinning-distances.csv,
    world-country-pairs.csv, world-network.md, reconciliation.md (each written atomically).
    """
    files = {"world-quality.md": build.quality.to_markdown(), "world-quality.csv": build.quality.to_csv()}
    if analytics is not None:
        files.update(analytics.csv_tables())
        files["world-network.md"] = (
            "# World twinning network\n\nEvery sc:Twinning of the graph: the world lists and the "
            "curated cases (figures also in the `analytics` named graph).\n\n") + "".join(
            f"- {key.replace('_', ' ')}: {value}\n" for key, value in analytics.figures.items())
    if reconciliation_markdown is not None:
        files["reconciliation.md"] = reconciliation_markdown
    written = []
    for name, text in files.items():
        write_text(dist / name, text)
        written.append(dist / name)
    return written


class _Clock:
    """Wall-clock laps of the import steps, reported with the build."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self._last, 3)
        self._last = now
