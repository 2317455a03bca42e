"""The one pipeline: load → validate → reason → write ``dist/`` (atomically, or not at all)."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from . import dataset as ds
from .errors import ValidationFailed
from .reason import (BackgroundClosure, Closure, ConsistencyReport, check_consistency,
                     twinning_shortcuts)
from .io import write_text
from .namespaces import PREFIXES
from .report import build_report
from .store import to_store, write_store
from .validate import ValidationResult, merge_results, validate, validate_borrowed

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
    validation: ValidationResult
    consistency: ConsistencyReport | None
    closure: Closure
    timings: Timings
    outputs: tuple[Path, ...]


def build(root: Path, *, out: Path, warnings_ok: bool = True, with_world: bool = True,
          progress: Progress | None = None) -> BuildResult:
    """Build the knowledge graph of the project at ``root`` into the folder ``out``.

    Raises:
        RdfSyntaxError: an input file does not parse; ``out`` is left as it was.
        ValidationFailed: SHACL violations (or warnings when not ``warnings_ok``); ``out`` unchanged.
        InconsistentOntology: HermiT found the ontology and data inconsistent; ``out`` unchanged.
    """
    layout = ds.Layout(root)
    timings = Timings()
    world_build = None
    if with_world and (root / "data" / "world" / "mapping.toml").exists():
        from .world import build_world

        with timings.step("import world twinnings", progress):
            world_build = build_world(root)
    with timings.step("load", progress):
        loaded = ds.load_dataset(layout, world=world_build.graph if world_build else None)
    curated = loaded.curated_graphs
    schema = loaded.union([ds.ONTOLOGY, ds.VOCAB])
    shapes = loaded.graph(ds.SHAPES)
    # The RL closure (a forked process) and HermiT (Java, waited on by a thread) run while
    # Python validates the shapes and analyses the network: the two cores work at once.
    inputs = [loaded.graph(iri) for iri in (ds.ONTOLOGY, ds.VOCAB, *loaded.data_graphs)]
    background = BackgroundClosure(*inputs)
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hermit") as pool:
            hermit = pool.submit(check_consistency, loaded.union([ds.ONTOLOGY, ds.VOCAB, *curated]))
            with timings.step("validate (SHACL)", progress):
                results = [validate(loaded.union(curated), shapes=shapes, ontology=schema,
                                    origins=loaded.origins)]
                if world_build is not None:
                    results.append(validate_borrowed(world_build.graph, shapes=shapes, ontology=schema))
                result = merge_results(*results)
            if not result.conforms(warnings_ok=warnings_ok):
                raise ValidationFailed("SHACL validation failed: " + result.report(limit=200), result)
            with timings.step("reason: HermiT consistency (beside SHACL)", progress):
                consistency = hermit.result()
        analytics = reconciliation = None
        if world_build is not None:
            from .reconcile import reconcile
            from .world import analyse

            with timings.step("analyse world network, reconcile with the cases", progress):
                analytics = analyse(world_build.graph)
                reconciliation = reconcile(loaded.union(curated), world_build.graph)
                target = loaded.graph(ds.ANALYTICS)
                for part in (analytics.graph, reconciliation.graph):
                    target.addN((s, p, o, target) for s, p, o in part)
        with timings.step("reason: OWL RL closure (beside SHACL and analytics)", progress):
            closure = background.result()
    finally:
        background.cancel()
    shortcuts = twinning_shortcuts(*[loaded.graph(iri) for iri in loaded.data_graphs])
    inferred = loaded.graph(ds.INFERRED)
    inferred.addN((s, p, o, inferred) for s, p, o in closure.graph)
    inferred.addN((s, p, o, inferred) for s, p, o in shortcuts)
    graph_names = [iri for iri in _graph_order(loaded) if len(loaded.graph(iri))]
    with _staging(out) as staging:
        with timings.step("write dist/", progress):
            store = to_store({iri: loaded.graph(iri) for iri in graph_names})
            written = write_store(store, staging, PREFIXES)
            if world_build is not None:
                from .world import write_world_outputs

                written += write_world_outputs(staging, world_build, analytics,
                                               reconciliation.markdown if reconciliation else None)
        built = BuildResult(loaded=loaded, validation=result, consistency=consistency,
                            closure=closure, timings=timings,
                            outputs=tuple(out / p.name for p in written) + (out / REPORT,))
        write_text(staging / REPORT, build_report(built, graph_names))
    return built


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
