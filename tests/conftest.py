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


# Fixtures that build the full graph (world included): every test that uses one, directly or
# through another fixture, is marked `slow` (left out by `make check`, run by `make test`).
# Modules that import the whole world list otherwise (test_world_full.py) mark themselves.
WORLD_FIXTURES = {"world_dist"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark `slow` every test whose fixtures include a full world build."""
    for item in items:
        if WORLD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def case_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/ of `sistercity build --no-world` of the repository (parallel, the default jobs=2),
    made once per test session: read it, never write into it."""
    from sistercity.build.pipeline import build

    out = tmp_path_factory.mktemp("case-dist")
    build(ROOT, out=out, with_world=False)
    return out


@pytest.fixture(scope="session")
def case_graph(case_dist: Path) -> Graph:
    """The built graph of the curated cases (ontology, vocabularies, sources, cases and the
    inferred triples, without the world network), as one rdflib graph: the union that
    `sistercity build --no-world` writes to dist/sistercity.ttl."""
    return Graph().parse(case_dist / "sistercity.ttl", format="turtle")


@pytest.fixture(scope="session")
def world_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build cache that starts empty: the one `world_dist` fills."""
    return tmp_path_factory.mktemp("build-cache")


@pytest.fixture(scope="session")
def world_dist(tmp_path_factory: pytest.TempPathFactory, world_cache: Path) -> Path:
    """dist/ of a full build of the repository (world included), made once per test session;
    its cache starts empty, so every step is computed, as in a clean build."""
    from sistercity.build.cache import Cache
    from sistercity.build.pipeline import build

    out = tmp_path_factory.mktemp("world-dist")
    build(ROOT, out=out, with_world=True, cache=Cache(world_cache))
    return out
