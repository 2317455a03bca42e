"""Shared fixtures: the repository's real files, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def case_graph() -> Graph:
    """Ontology, vocabularies, sources and the Bandung–Seoul case as one rdflib graph (no inference)."""
    graph = Graph()
    for folder in ("ontology", "data/sources", "data/cases/bandung-seoul"):
        for path in sorted((ROOT / folder).rglob("*.ttl")):
            if "shapes" in path.parts or "extensions" in path.parts:
                continue
            graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="session")
def world_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/ of a full build of the repository (world included), made once per test session."""
    from sistercity.build import build

    out = tmp_path_factory.mktemp("world-dist")
    build(ROOT, out=out, with_world=True)
    return out
