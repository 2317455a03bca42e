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
def case_graph(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """The built graph of the curated cases (ontology, vocabularies, sources, cases and the
    inferred triples, without the world network), as one rdflib graph: the union that
    `sistercity build --no-world` writes to dist/sistercity.ttl."""
    from sistercity.build.pipeline import build

    out = tmp_path_factory.mktemp("case-dist")
    build(ROOT, out=out, with_world=False)
    return Graph().parse(out / "sistercity.ttl", format="turtle")


@pytest.fixture(scope="session")
def world_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/ of a full build of the repository (world included), made once per test session."""
    from sistercity.build.pipeline import build

    out = tmp_path_factory.mktemp("world-dist")
    build(ROOT, out=out, with_world=True)
    return out
