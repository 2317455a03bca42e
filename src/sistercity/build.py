"""The one pipeline: load → validate → reason → write ``dist/`` (atomically, or not at all)."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Graph, URIRef
from rdflib.term import Node

from . import dataset as ds
from . import ntriples as nt
from .background import Background, ChildStats, own_stats
from .errors import ValidationFailed
from .io import write_text
from .namespaces import PREFIXES
from .reason import (Closure, ConsistencyReport, check_consistency, java_executable, rl_closure,
                     twinning_shortcuts)
from .report import build_report
from .store import TermConverter, to_store, write_store
from .validate import ValidationResult, merge_results, validate, validate_borrowed

if TYPE_CHECKING:
    from .network import Analytics
    from .reconcile import Reconciliation
    from .world import WorldBuild

Progress = Callable[[str], None]
REPORT = "build-report.md"


@dataclass
class Timings:
    """Wall-clock seconds per build step, in the order the steps ran."""

    steps: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def step(self, name: str, progress: Progress | None = None) -> Iterator[None]:
        """Time the enclosed block as step ``name``; announce it through ``progress``."""
        if progress:
            progress(f"{name} …")
        started = time.perf_counter()
        yield
        self.steps[name] = time.perf_counter() - started

    @property
    def total(self) -> float:
        """Sum of all steps."""
        return sum(self.steps.values())


@dataclass(frozen=True)
class BuildResult:
    """Everything a build produced and measured."""

    loaded: ds.LoadedDataset
    store: ox.Store
    validation: ValidationResult
    consistency: ConsistencyReport | None
    closure: Closure
    timings: Timings
    outputs: tuple[Path, ...]
    graph_names: tuple[URIRef, ...] = ()
    processes: Mapping[str, ChildStats] = field(default_factory=dict)


def build(root: Path, *, out: Path, warnings_ok: bool = True, with_world: bool = True,
          progress: Progress | None = None) -> BuildResult:
    """Build the knowledge graph of the project at ``root`` into the folder ``out``.

    The world graph never becomes an rdflib graph in this process: it travels as N-Triples text
    into Oxigraph (the store ``dist/`` is written from) and into `reasonable`, and pySHACL
    validates it in a forked child process while this one validates the curated data, runs
    the analytics and waits for HermiT (Java): the two cores work at once.

    Raises:
        RdfSyntaxError: an input file does not parse; ``out`` is left as it was.
        ValidationFailed: SHACL violations (or warnings when not ``warnings_ok``); ``out`` unchanged.
        InconsistentOntology: the ontology and data are inconsistent; ``out`` unchanged.
    """
    layout = ds.Layout(root)
    timings = Timings()
    with timings.step("load curated files", progress):
        loaded = ds.load_dataset(layout)
    curated = loaded.curated_graphs
    curated_union = loaded.union(curated)
    schema = loaded.union([ds.ONTOLOGY, ds.VOCAB])
    shapes = loaded.graph(ds.SHAPES)
    java_executable()  # no Java: say so now, not after the world is done
    children: dict[str, Background[Any]] = {}
    try:
        # HermiT (Java) works on the second core while this process imports the world.
        children["hermit"] = Background("HermiT consistency check", check_consistency,
                                        loaded.union([ds.ONTOLOGY, ds.VOCAB, *curated]))
        # Before the world import, so that a mistake in the curated data is reported at once.
        with timings.step("validate curated data (SHACL)", progress):
            result = validate(curated_union, shapes=shapes, ontology=schema, origins=loaded.origins)
        _require_conforming(result, warnings_ok)
        world = None
        world_text = ""
        if with_world and (root / "data" / "world" / "mapping.toml").exists():
            from .world import build_world

            with timings.step("import world twinnings", progress):
                world = build_world(root, store="none")
            children["shacl"] = Background("world SHACL validation", validate_borrowed_world,
                                           world, shapes, schema)
            with timings.step("world graph as N-Triples", progress):
                world_text = world.ntriples()
        closure_inputs = [loaded.graph(iri) for iri in (ds.ONTOLOGY, ds.VOCAB, *curated)]
        children["closure"] = Background("OWL RL closure", partial(rl_closure, ntriples=world_text),
                                         *closure_inputs)
        with timings.step("store: curated and world graphs", progress):
            store = to_store({iri: loaded.graph(iri) for iri in _graph_order(loaded)
                              if iri not in (ds.WORLD, ds.ANALYTICS, ds.INFERRED)})
            _load_text(store, ds.WORLD, world_text)
            del world_text  # 50 MB the children have their own copy of
        with timings.step("analyse the twinning network, reconcile with the cases", progress):
            analytics, reconciliation = _analyse(world, curated_union, store)
            _load_text(store, ds.ANALYTICS, (analytics.ntriples if analytics else "")
                       + (nt.lines(reconciliation.graph) if reconciliation else ""))
        if world is not None:
            with timings.step("wait: world SHACL validation (child process)", progress):
                result = merge_results(result, children["shacl"].result())
            _require_conforming(result, warnings_ok)
        with timings.step("wait: HermiT consistency check (child process, Java)", progress):
            consistency = children["hermit"].result()
        with timings.step("wait: OWL RL closure (child process)", progress):
            closure = children["closure"].result()
    finally:
        for child in children.values():
            child.cancel()
    with timings.step("store: inferred graph", progress):
        _load_text(store, ds.INFERRED, closure.ntriples)
        shortcuts = [t for t in twinning_shortcuts(*[loaded.graph(i) for i in curated])
                     if not _in_store(store, t)]
        _load_text(store, ds.INFERRED, nt.lines(shortcuts))
    graph_names = tuple(iri for iri in _graph_order(loaded) if _has_graph(store, iri))
    with _staging(out) as staging:
        with timings.step("write dist/", progress):
            written = write_store(store, staging, PREFIXES)
            if world is not None:
                from .world import write_world_outputs

                written += write_world_outputs(staging, world, analytics,
                                               reconciliation.markdown if reconciliation else None)
        processes = {child.name: child.stats for child in children.values()
                     if child.stats is not None}
        processes["build (this process)"] = own_stats(timings.total)
        built = BuildResult(loaded=loaded, store=store, validation=result, consistency=consistency,
                            closure=closure, timings=timings,
                            outputs=tuple(out / p.name for p in written) + (out / REPORT,),
                            graph_names=graph_names, processes=processes)
        write_text(staging / REPORT, build_report(built))
    return built


def _require_conforming(result: ValidationResult, warnings_ok: bool) -> None:
    if not result.conforms(warnings_ok=warnings_ok):
        raise ValidationFailed("SHACL validation failed: " + result.report(limit=200), result)


def validate_borrowed_world(world: WorldBuild, shapes: Graph, schema: Graph) -> ValidationResult:
    """Validate the world graph (built here, in the child process) against the shapes."""
    return validate_borrowed(world.rdf_graph(), shapes=shapes, ontology=schema)


def _analyse(world: WorldBuild | None, curated: Graph,
             store: ox.Store) -> tuple[Analytics | None, Reconciliation | None]:
    """Network analytics of every twinning in the graph (world lists and curated cases), and the
    reconciliation of the cases with the lists (when the world lists are in)."""
    from .network import add_twinnings, analyse_network, import_network, twinning_network
    from .reconcile import reconcile

    net = import_network(world.result) if world is not None else nx.Graph()
    from_cases = add_twinnings(net, twinning_network(curated))
    analytics = None
    if net.number_of_edges():
        analytics = analyse_network(net)
        analytics = replace(analytics, figures={**analytics.figures,
                                                "twinnings_from_curated_cases": from_cases})
    if world is None:
        return analytics, None
    world_view = Graph(store=OxigraphStore(store=store), identifier=ds.WORLD)
    return analytics, reconcile(curated, world_view)


def _load_text(store: ox.Store, graph: URIRef, text: str) -> None:
    """Load N-Triples text into the named graph ``graph`` of ``store``."""
    if text:
        store.bulk_load(text.encode("utf-8"), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(graph)))


def _in_store(store: ox.Store, triple: tuple[Node, Node, Node]) -> bool:
    convert = TermConverter()
    s, p, o = (convert.term(t) for t in triple)
    return next(iter(store.quads_for_pattern(s, p, o, None)), None) is not None


def _has_graph(store: ox.Store, iri: URIRef) -> bool:
    return next(iter(store.quads_for_pattern(None, None, None, ox.NamedNode(str(iri)))), None) is not None


def _graph_order(loaded: ds.LoadedDataset) -> list[URIRef]:
    fixed = [ds.ONTOLOGY, ds.VOCAB, ds.SHAPES, ds.SOURCES]
    cases = [iri for iri in loaded.files if str(iri).startswith(str(ds.case_graph_iri("")))]
    return fixed + cases + [ds.WORLD, ds.ANALYTICS, ds.INFERRED]


@contextmanager
def _staging(out: Path) -> Iterator[Path]:
    """A scratch folder beside ``out``; its files move into ``out`` only if the block succeeds."""
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    try:
        yield staging
        for path in sorted(staging.iterdir()):
            target = out / path.name
            if path.is_dir():
                if target.exists():
                    shutil.rmtree(target)
            path.replace(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
