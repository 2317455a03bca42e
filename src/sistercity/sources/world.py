"""The world twinning import: read every source, check its hash, normalise, check quality, RDF.

``sistercity build`` calls ``build_world(root, store="none")`` and takes the ``world`` named
graph as N-Triples text (``WorldBuild.ntriples``; pySHACL gets ``rdf_graph()`` in its own
process); the analytics and the files in dist/ are the build's (``build/world_outputs.py``).
The sources are listed in ``data/world/sources.toml`` (``world_sources``), each with its data
file, column mapping and provenance record; ``world_inputs`` names every file the import reads.
"""

from __future__ import annotations

import hashlib
import time
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import Graph, URIRef

from sistercity.core import ntriples as nt
from sistercity.core.errors import ImportProblem, SourceChanged, UsageError
from sistercity.core.io import parse_rdf
from sistercity.core.namespaces import SC
from sistercity.sources.countries import CountryResolver, load_resolver
from sistercity.sources.gazetteer import load_gazetteer
from sistercity.sources.geocode import Geocoder, load_geocoder
from sistercity.sources.mapping import ColumnMapping, load_mapping
from sistercity.sources.quality import QualityReport, build_report, coordinate_flags, region_flags
from sistercity.sources.rdf import source_iri, world_graph, world_ntriples
from sistercity.sources.twinnings import ImportResult, normalise, read_table

WORLD_DIR = Path("data/world")
WORLD_CATALOG = WORLD_DIR / "sources.toml"
WORLD_CSV = WORLD_DIR / "twin_cities.csv"
WORLD_MAPPING = WORLD_DIR / "mapping.toml"
WORLD_SOURCE = WORLD_DIR / "source.ttl"

__all__ = ["SourceFiles", "WorldBuild", "build_world", "check_hash", "import_twinnings", "import_world",
           "world_inputs", "world_sources"]


@dataclass(frozen=True)
class SourceFiles:
    """One source of the world graph: its data file, column mapping and provenance record."""

    slug: str
    data: Path
    mapping: Path
    record: Path


@dataclass(frozen=True)
class WorldBuild:
    """The imported twinning lists: what was read, its quality report, and its RDF."""

    quality: QualityReport
    result: ImportResult
    rows_read: int
    timings: Mapping[str, float]
    source: URIRef  # the first source (the one of a single-list import)
    provenance: Graph | None = None
    graph: Graph | None = None  # built by import_twinnings unless store="none"
    sources: tuple[URIRef, ...] = ()

    def rdf_graph(self) -> Graph:
        """The world graph in rdflib (the one already built, or a new one)."""
        if self.graph is not None:
            return self.graph
        graph = world_graph(self.result)
        if self.provenance is not None:
            graph.addN((s, p, o, graph) for s, p, o in self.provenance)
        return graph

    def ntriples(self) -> str:
        """The world graph as N-Triples text (for Oxigraph and reasonable)."""
        text = world_ntriples(self.result)
        return text + (nt.lines(self.provenance) if self.provenance is not None else "")


def world_sources(root: Path) -> tuple[SourceFiles, ...]:
    """The sources listed in ``data/world/sources.toml`` (just twin_cities.csv without it).

    Raises:
        ImportProblem: the catalogue is not TOML or an entry lacks a key.
    """
    catalog = root / WORLD_CATALOG
    if not catalog.exists():
        return (SourceFiles("world-twin-cities", root / WORLD_CSV, root / WORLD_MAPPING, root / WORLD_SOURCE),)
    try:
        entries = tomllib.loads(catalog.read_text(encoding="utf-8")).get("source", [])
    except tomllib.TOMLDecodeError as exc:
        raise ImportProblem(f"{catalog}: not valid TOML: {exc}") from None
    base = catalog.parent
    out = []
    for n, entry in enumerate(entries, start=1):
        missing = [k for k in ("slug", "data", "mapping", "record") if k not in entry]
        if missing:
            raise ImportProblem(f"{catalog}: [[source]] number {n} lacks {', '.join(missing)}")
        out.append(SourceFiles(entry["slug"], base / entry["data"], base / entry["mapping"],
                               base / entry["record"]))
    return tuple(out)


def world_inputs(root: Path) -> list[Path]:
    """Every file the world import reads (catalogue, data, mappings, records), for the manifest."""
    files = [root / WORLD_CATALOG] if (root / WORLD_CATALOG).exists() else []
    for source in world_sources(root):
        files += [source.data, source.mapping, source.record]
    return files


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_hash(data: Path, record: Graph, *, source: URIRef, record_path: Path) -> None:
    """Refuse a data file whose SHA-256 differs from the one its provenance record states.

    Raises:
        SourceChanged: the hashes differ (the message names the file, both hashes and the fix),
            or the record states none.
    """
    stated = record.value(source, SC.sha256)
    if stated is None:
        raise SourceChanged(f"{record_path}: the provenance record of {data.name} states no "
                            f"sc:sha256; add sc:sha256 \"{file_sha256(data)}\" to <{source}> after "
                            "checking that the file is the one the record describes")
    actual = file_sha256(data)
    if str(stated).lower() != actual:
        raise SourceChanged(
            f"{data}: SHA-256 {actual}, but its provenance record {record_path} states {stated}: "
            f"the file is not the one the record describes. Restore the original file (see "
            f"{data.parent / 'README.md'} for its origin), or, if this is a deliberate new version, "
            f"update sc:sha256 (and the origin, date and row count) in {record_path.name}")


def import_twinnings(path: Path, mapping: ColumnMapping, *, provenance: Graph | None = None,
                     resolver: CountryResolver | None = None, geocoder: Geocoder | None = None,
                     check_coordinates: bool = True, store: str = "memory") -> WorldBuild:
    """Read, normalise, check and convert one twinning CSV (see ``import_world``)."""
    return import_world([(path, mapping)], provenance=provenance, resolver=resolver,
                        geocoder=geocoder, check_coordinates=check_coordinates, store=store)


def import_world(sources: Sequence[tuple[Path, ColumnMapping]], *, provenance: Graph | None = None,
                 resolver: CountryResolver | None = None, geocoder: Geocoder | None = None,
                 check_coordinates: bool = True, store: str = "memory") -> WorldBuild:
    """Read, normalise, check and convert one or more twinning tables into one world graph.

    Args:
        sources: each table's file and column mapping, in order of precedence.
        provenance: triples describing the sources (added to the graph as they are).
        resolver: country-name resolver (default: pycountry + the packaged override table).
        geocoder: reverse geocoder (loaded when coordinates are checked and none is given); it
            also gives the GeoNames gazetteer for partners without a country.
        check_coordinates: reverse-geocode coordinates (country check, homonym suffixes, names
            across sources, the gazetteer).
        store: "memory" (rdflib's in-memory store, filled with ``addN``), "oxigraph" (an
            rdflib Graph backed by pyoxigraph via oxrdflib, bulk-loaded from N-Triples text:
            about 5x faster to build, see bench/bench_world.py; caveat: pyoxigraph 0.5 reads
            xsd:positiveInteger and xsd:nonNegativeInteger back as xsd:integer) or "none" (no
            graph: the build takes the N-Triples text instead).

    Raises:
        ImportProblem: a file is not a CSV table or lacks a mapped column; nothing is built.
    """
    if store not in ("memory", "oxigraph", "none"):
        raise UsageError(f"unknown store {store!r}; use 'memory', 'oxigraph' or 'none'")
    clock = _Clock()
    tables = [read_table(path, mapping) for path, mapping in sources]
    clock.lap("read")
    resolver = resolver or load_resolver()
    geo = geocoder or (load_geocoder() if check_coordinates else None)
    clock.lap("load geocoder")
    gazetteer = (lambda: load_gazetteer(geo)) if geo is not None else None  # only if a partner needs it
    describe = (lambda point: geo.nearest([point])[0].admin1) if geo is not None else (lambda point: "")
    result = normalise(tables, resolver=resolver, describe=describe, geocoder=geo,
                       gazetteer=gazetteer)
    clock.lap("normalise")
    checks = [*region_flags(result.places, geo)]
    if geo is not None:
        checks += coordinate_flags(result.places, geo)
    names = ", ".join(f"{path.name} ({mapping.source})" for path, mapping in sources)
    report = build_report(result, checks, source=names)
    clock.lap("quality checks")
    iris = tuple(source_iri(mapping.source) for _, mapping in sources)
    world = WorldBuild(report, result, result.rows_read, clock.laps, iris[0], provenance, sources=iris)
    if store == "oxigraph":
        graph = Graph(store="Oxigraph")
        graph.parse(data=world.ntriples(), format="ox-nt")
        world = replace(world, graph=graph)
    elif store == "memory":
        world = replace(world, graph=world.rdf_graph())
    clock.lap("rdf graph")
    return world


def build_world(root: Path, *, store: str = "memory", check_coordinates: bool = True) -> WorldBuild:
    """Import every source of ``data/world/sources.toml`` with its mapping and provenance record,
    after checking each data file against the SHA-256 its record states (for the build).

    Raises:
        SourceChanged: a data file differs from its provenance record; nothing is imported.
    """
    provenance = Graph()
    tables = []
    for source in world_sources(root):
        record = parse_rdf(source.record)
        check_hash(source.data, record, source=source_iri(source.slug), record_path=source.record)
        mapping = load_mapping(source.mapping)
        if mapping.source != source.slug:
            raise ImportProblem(f"{source.mapping}: source = {mapping.source!r}, but "
                                f"{root / WORLD_CATALOG} lists it as {source.slug!r}; make them equal")
        provenance += record
        tables.append((source.data, mapping))
    return import_world(tables, provenance=provenance, store=store, check_coordinates=check_coordinates)


class _Clock:
    """Wall-clock laps of the import steps, reported with the build."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self._last, 3)
        self._last = now
