"""The world twinning import: read a list, normalise it, check its quality, turn it into RDF.

``sistercity build`` calls ``build_world(root, store="none")`` and takes the ``world`` named
graph as N-Triples text (``WorldBuild.ntriples``; pySHACL gets ``rdf_graph()`` in its own
process); the analytics and the files in dist/ are the build's (``build/world_outputs.py``).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import Graph, URIRef

from sistercity.core import ntriples as nt
from sistercity.sources.countries import CountryResolver, load_resolver
from sistercity.sources.geocode import Geocoder, load_geocoder
from sistercity.sources.mapping import ColumnMapping, load_mapping
from sistercity.core.errors import UsageError
from sistercity.sources.rdf import source_iri, world_graph, world_ntriples
from sistercity.sources.twinnings import ImportResult, normalise, read_table
from sistercity.core.io import parse_rdf
from sistercity.sources.quality import QualityReport, build_report, coordinate_flags, region_flags

WORLD_DIR = Path("data/world")
WORLD_CSV = WORLD_DIR / "twin_cities.csv"
WORLD_MAPPING = WORLD_DIR / "mapping.toml"
WORLD_SOURCE = WORLD_DIR / "source.ttl"

__all__ = ["WorldBuild", "build_world", "import_twinnings"]


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


class _Clock:
    """Wall-clock laps of the import steps, reported with the build."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self._last, 3)
        self._last = now
