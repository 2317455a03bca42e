"""The one pipeline: load → validate → reason → write ``dist/`` (atomically, or not at all)."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from . import dataset as ds
from .errors import ValidationFailed
from .reason import Closure, ConsistencyReport, check_consistency, rl_closure, twinning_shortcuts
from .io import write_text
from .namespaces import PREFIXES
from .report import build_report
from .store import to_store, write_store
from .validate import ValidationResult, validate

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
    with timings.step("validate (SHACL)", progress):
        data = loaded.union(loaded.data_graphs)
        schema = loaded.union([ds.ONTOLOGY, ds.VOCAB])
        result = validate(data, shapes=loaded.graph(ds.SHAPES), ontology=schema,
                          origins=loaded.origins)
    if not result.conforms(warnings_ok=warnings_ok):
        raise ValidationFailed("SHACL validation failed: " + result.report(limit=200), result)
    curated = [iri for iri in loaded.data_graphs if iri != ds.WORLD]
    with timings.step("reason: HermiT consistency", progress):
        consistency = check_consistency(loaded.union([ds.ONTOLOGY, ds.VOCAB, *curated]))
    with timings.step("reason: OWL RL closure", progress):
        everything = loaded.union([ds.ONTOLOGY, ds.VOCAB, *loaded.data_graphs])
        closure = rl_closure(everything)
        shortcuts = twinning_shortcuts(everything)
        inferred = loaded.graph(ds.INFERRED)
        inferred.addN((s, p, o, inferred) for s, p, o in closure.graph)
        inferred.addN((s, p, o, inferred) for s, p, o in shortcuts)
    if world_build is not None:
        from .world import analyse

        with timings.step("analyse world network", progress):
            analytics = analyse(loaded.union([ds.WORLD, ds.INFERRED]))
            target = loaded.graph(ds.ANALYTICS)
            target.addN((s, p, o, target) for s, p, o in analytics.graph)
    graph_names = [iri for iri in _graph_order(loaded) if len(loaded.graph(iri))]
    with _staging(out) as staging:
        with timings.step("write dist/", progress):
            store = to_store(loaded.dataset, graph_names)
            written = write_store(store, staging, PREFIXES)
            if world_build is not None:
                written += world_build.write_reports(staging)
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
