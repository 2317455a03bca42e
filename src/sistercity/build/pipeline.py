"""The one pipeline: load → validate → reason → write ``dist/`` (atomically, or not at all).

This module orchestrates and does nothing else: each step is a function of its own module
(``dataset``, ``validate``, ``reason``, ``store``, ``report``, ``dist``), the children run
through ``background``, the analytics come from ``sistercity.analysis``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from sistercity.build import dataset as ds
from sistercity.build.background import Background, Inline, own_stats, start
from sistercity.build.cache import Cache, place_type_lines, schema_key, world_key
from sistercity.build.dist import check_writable, manifest, staged, write_manifest
from sistercity.build.reason import check_consistency, java_executable, rl_closure, twinning_shortcuts
from sistercity.build.report import build_report
from sistercity.build.result import BuildResult, Progress, Timings
from sistercity.build.terms import check_sources
from sistercity.build.study import Study, core_version, find_studies, relative, study_prefixes
from sistercity.build.store import contains, has_graph, load_text, to_store, write_store
from sistercity.build.validate import ValidationResult, merge_results, validate, validate_borrowed
from sistercity.core import ntriples as nt
from sistercity.core.errors import ValidationFailed
from sistercity.core.io import write_text
from sistercity.core.namespaces import G
from sistercity.core.paths import BUILD_REPORT

if TYPE_CHECKING:
    from sistercity.analysis.network import Analytics
    from sistercity.analysis.reconcile import Reconciliation
    from sistercity.sources.world import WorldBuild

WORLD_INPUTS = ("data/world/twin_cities.csv", "data/world/mapping.toml", "data/world/source.ttl")

__all__ = ["BuildResult", "Timings", "build"]


def build(root: Path, *, out: Path, warnings_ok: bool = True, with_world: bool = True,
          jobs: int = 2, progress: Progress | None = None, studies: Sequence[Path] = (),
          cache: Cache | None = None) -> BuildResult:
    """Build the knowledge graph of the project at ``root`` into the folder ``out``.

    The world graph never becomes an rdflib graph in this process: it travels as N-Triples text
    into Oxigraph (the store ``dist/`` is written from) and into `reasonable`, and pySHACL
    validates it in a forked child process while this one validates the curated data, runs
    the analytics and waits for HermiT (Java): the two cores work at once. ``jobs=1`` runs the
    same steps one after the other in this process.

    With a ``cache`` (see :mod:`sistercity.build.cache`) the world import and its SHACL
    validation are read from it when their inputs are unchanged, and kept there when computed:
    a rebuild after editing a case then skips them, and writes the same ``dist/``.

    ``out`` then holds this build and nothing of an earlier one, with ``manifest.json`` naming
    the inputs (with hashes), options, versions, every file written, the loaded modules and the
    studies (every ``root/studies/*/`` with a study.toml, and the folders ``studies``).

    Raises:
        StudyError: a study folder has no usable study.toml (the field and how to fix it).
        RdfSyntaxError: an input file does not parse; ``out`` is left as it was.
        ValidationFailed: SHACL violations (or warnings when not ``warnings_ok``); ``out`` unchanged.
        InconsistentOntology: the ontology and data are inconsistent; ``out`` unchanged.
    """
    timings = Timings()
    cache = cache if cache is not None else Cache(None)
    from_cache: list[str] = []
    with timings.step("load curated files", progress):
        layout = ds.Layout(root, find_studies(root, studies))
        loaded = ds.load_dataset(layout)
    with timings.step("ontology lint (queries/lint, OOPS! pitfalls)", progress):
        from sistercity.build.lint import require_clean_ontology
        require_clean_ontology(loaded.files[G.ONTOLOGY], queries=root / "queries" / "lint", root=root)
    curated = loaded.curated_graphs
    curated_union = loaded.union(curated)
    schema = loaded.union([G.ONTOLOGY, G.VOCAB])
    shapes = loaded.graph(G.SHAPES)
    java_executable()  # no Java: say so now, not after the world is done
    check_writable(out)  # nor an --out that cannot be written
    parallel = jobs > 1
    children: dict[str, Background[Any] | Inline[Any]] = {}
    try:
        # HermiT (Java) works on the second core while this process imports the world.
        children["hermit"] = start("HermiT consistency check", check_consistency,
                                   loaded.union([G.ONTOLOGY, G.VOCAB, *curated]), parallel=parallel)
        # Before the world import, so that a mistake in the curated data is reported at once.
        with timings.step("validate curated data (SHACL)", progress):
            result = validate(curated_union, shapes=shapes, ontology=schema, origins=loaded.located)
            result = merge_results(result, check_sources(layout, loaded, version=core_version()))
        _require_conforming(result, warnings_ok)
        world = None
        world_text = ""
        world_findings: ValidationResult | None = None
        if with_world and (root / "data" / "world" / "mapping.toml").exists():
            from sistercity.sources.world import build_world  # the world's libraries only when needed

            key = world_key(root)
            shacl_key = schema_key(key, [p for iri in (G.ONTOLOGY, G.VOCAB, G.SHAPES)
                                         for p in loaded.files.get(iri, ())])
            if cache.has("world", key) and cache.has("world-nt", key, ".nt"):
                with timings.step("world twinnings from the build cache", progress):
                    world, world_text = cache.get("world", key), cache.get_text("world-nt", key) or ""
                if world is not None and world_text:
                    from_cache.append("world import")
                else:
                    world, world_text = None, ""  # a damaged entry: import again, and replace it
            if world is None:
                with timings.step("import world twinnings", progress):
                    world = build_world(root, store="none")
            if cache.has("world-shacl", shacl_key):
                world_findings = cache.get("world-shacl", shacl_key)
            if world_findings is None:
                children["shacl"] = start("world SHACL validation", validate_borrowed_world,
                                          world, shapes, schema, parallel=parallel)
            else:
                from_cache.append("world SHACL validation")
            if not world_text:
                with timings.step("world graph as N-Triples", progress):
                    world_text = world.ntriples()
                if cache.folder is not None:
                    with timings.step("keep the world import in the build cache", progress):
                        cache.put("world", key, world)
                        cache.put_text("world-nt", key, world_text)
                        cache.put_world_types(place_type_lines(world_text))
        closure_inputs = [loaded.graph(iri) for iri in (G.ONTOLOGY, G.VOCAB, *curated)]
        children["closure"] = start("OWL RL closure", partial(rl_closure, ntriples=world_text),
                                    *closure_inputs, parallel=parallel)
        with timings.step("store: curated and world graphs", progress):
            store = to_store({iri: loaded.graph(iri) for iri in _graph_order(loaded)
                              if iri not in (G.WORLD, G.ANALYTICS, G.INFERRED)})
            load_text(store, G.WORLD, world_text)
            del world_text  # 50 MB the children have their own copy of
        with timings.step("analyse the twinning network, reconcile with the cases", progress):
            analytics, reconciliation = _analyse(world, curated_union, store)
            load_text(store, G.ANALYTICS, (analytics.ntriples if analytics else "")
                      + (nt.lines(reconciliation.graph) if reconciliation else ""))
        if world is not None:
            if world_findings is None:
                with timings.step("wait: world SHACL validation (child process)", progress):
                    world_findings = children["shacl"].result()
                cache.put("world-shacl", shacl_key, world_findings)
            result = merge_results(result, world_findings)
            _require_conforming(result, warnings_ok)
        with timings.step("wait: HermiT consistency check (child process, Java)", progress):
            consistency = children["hermit"].result()
        with timings.step("wait: OWL RL closure (child process)", progress):
            closure = children["closure"].result()
    finally:
        for child in children.values():
            child.cancel()
    with timings.step("store: inferred graph", progress):
        load_text(store, G.INFERRED, closure.ntriples)
        shortcuts = [t for t in twinning_shortcuts(*[loaded.graph(i) for i in curated])
                     if not contains(store, t)]
        load_text(store, G.INFERRED, nt.lines(shortcuts))
    with timings.step("materialise aggregates (queries/materialize/*.rq)", progress):
        from sistercity.build.materialize import materialize
        materialize(store, root / "queries" / "materialize", G.ANALYTICS)
    with timings.step("quality checks (queries/checks/*-violation.rq)", progress):
        from sistercity.build.checks import require_passing_checks
        require_passing_checks(store, root / "queries" / "checks")
    graph_names = tuple(iri for iri in _graph_order(loaded) if has_graph(store, iri))
    with staged(out) as staging:
        with timings.step("write dist/", progress):
            written = write_store(store, staging, study_prefixes(loaded.studies))
            if world is not None:
                from sistercity.build.world_outputs import write_world_outputs

                written += write_world_outputs(staging, world, analytics,
                                               reconciliation.markdown if reconciliation else None)
        processes = {child.name: child.stats for child in children.values()
                     if child.stats is not None}
        processes["build (this process)"] = own_stats(timings.total)
        names = [p.name for p in written] + [BUILD_REPORT]
        built = BuildResult(loaded=loaded, store=store, validation=result, consistency=consistency,
                            closure=closure, timings=timings,
                            outputs=tuple(out / n for n in names) + (out / "manifest.json",),
                            graph_names=graph_names, processes=processes, with_world=world is not None,
                            from_cache=tuple(from_cache))
        write_text(staging / BUILD_REPORT, build_report(built))
        write_manifest(staging, manifest(
            root=root, inputs=_inputs(root, loaded, world is not None),
            options={"with_world": world is not None, "warnings_ok": warnings_ok, "jobs": jobs,
                     "cache": cache.folder is not None},
            files=names, graphs={str(iri): _size(store, iri) for iri in graph_names},
            extra={"studies": [s.describe(root, _study_modules(loaded, s)) for s in loaded.studies],
                   "modules": loaded.modules(),
                   "prefixes": study_prefixes(loaded.studies),
                   "from_cache": list(from_cache)}))
    return built


def _study_modules(loaded: ds.LoadedDataset, study: Study) -> list[str]:
    files = set(study.module_files)
    return [str(iri) for path in files if (part := loaded.parts.get(path)) is not None
            for iri in part.subjects(RDF.type, OWL.Ontology)]


def _inputs(root: Path, loaded: ds.LoadedDataset, with_world: bool) -> Iterable[Path]:
    """Every file the build read."""
    yield from (path for paths in loaded.files.values() for path in paths)
    yield from (study.toml for study in loaded.studies)
    if with_world:
        yield from (root / name for name in WORLD_INPUTS if (root / name).exists())


def _size(store: ox.Store, iri: URIRef) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(str(iri))))


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
    from sistercity.analysis.network import add_twinnings, analyse_network, import_network, twinning_network
    from sistercity.analysis.patterns import analyse_patterns
    from sistercity.sources.regions import load_regions
    from sistercity.analysis.reconcile import reconcile

    net = import_network(world.result) if world is not None else nx.Graph()
    from_cases = add_twinnings(net, twinning_network(curated))
    analytics = None
    if net.number_of_edges():
        analytics = analyse_network(net)
        patterns = analyse_patterns(net, load_regions())
        analytics = replace(analytics, ntriples=analytics.ntriples + patterns.ntriples(),
                            figures={**analytics.figures, **patterns.figures,
                                     "twinnings_from_curated_cases": from_cases},
                            tables={**analytics.tables, **patterns.csv_tables()},
                            markdown=analytics.markdown + patterns.to_markdown())
    if world is None:
        return analytics, None
    world_view = Graph(store=OxigraphStore(store=store), identifier=G.WORLD)
    return analytics, reconcile(curated, world_view)


def _graph_order(loaded: ds.LoadedDataset) -> list[URIRef]:
    fixed = [G.ONTOLOGY, G.VOCAB, G.SHAPES, G.SOURCES]
    cases = [iri for iri in loaded.files if str(iri).startswith(str(G.CASE_PREFIX))]
    return fixed + cases + [G.WORLD, G.ANALYTICS, G.INFERRED]
