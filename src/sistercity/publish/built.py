"""The build in dist/ as its consumers read it: checked against its manifest, loaded into Oxigraph."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from sistercity.build.dist import read_manifest
from sistercity.core.errors import BuildMissing
from sistercity.core.paths import BUILT_QUADS


@dataclass(frozen=True)
class Built:
    """A build folder and what its manifest says of it."""

    dist: Path
    manifest: dict[str, Any]

    @property
    def with_world(self) -> bool:
        """Whether the world lists were in this build."""
        return bool(self.manifest.get("options", {}).get("with_world"))

    @property
    def quads(self) -> Path:
        """The N-Quads file of the build."""
        return self.dist / BUILT_QUADS


def open_build(dist: Path, *, needs_world: bool = False, purpose: str = "this") -> Built:
    """The build in ``dist``, checked to exist (and to include the world lists if needed).

    Raises:
        BuildMissing: there is no build, or ``needs_world`` and the build was made without them.
    """
    built = Built(dist, read_manifest(dist))
    if needs_world and not built.with_world:
        raise BuildMissing(f"{purpose} needs the world twinning lists, but the build in {dist} was "
                           "made without them (`--no-world`): run `sistercity build` first.")
    return built


def load_built(dist: Path, *, needs_world: bool = False, purpose: str = "this") -> ox.Store:
    """Load the built graph from ``dist/`` into an in-memory store.

    Raises:
        BuildMissing: ``sistercity build`` has not been run yet (or without the world, if needed).
    """
    built = open_build(dist, needs_world=needs_world, purpose=purpose)
    store = ox.Store()
    store.bulk_load(path=str(built.quads), format=ox.RdfFormat.N_QUADS)
    return store
