"""What a build produced and measured: the result the report and the CLI read."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from sistercity.build import dataset as ds
from sistercity.build.background import ChildStats
from sistercity.build.reason import Closure, ConsistencyReport
from sistercity.build.validate import ValidationResult

Progress = Callable[[str], None]


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
    with_world: bool = False
    from_cache: tuple[str, ...] = ()  # the steps whose result the build cache gave
