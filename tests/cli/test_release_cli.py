"""`sistercity release`, run as a user runs it: a build, then its release; no build, a clear error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF

from .conftest import ROOT, run_cli


@pytest.fixture(scope="module")
def dist(case_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the build of the repository's curated data (no world list)."""
    out = tmp_path_factory.mktemp("release-cli") / "dist"
    shutil.copytree(case_dist, out)
    return out


def test_release_writes_the_release_folder_and_says_what(dist: Path) -> None:
    done = run_cli("release", "--dist", str(dist), root=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("released version 0.1.0: ")
    assert str(dist / "release") in done.stdout
    merged = Graph().parse(dist / "release" / "sistercity.owl", format="xml")
    assert len(list(merged.subjects(RDF.type, OWL.Class))) > 70


def test_release_again_replaces_the_folder(dist: Path) -> None:
    stray = dist / "release" / "modules" / "old-module.owl"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_text("left from an earlier release", encoding="utf-8")
    done = run_cli("release", "--dist", str(dist), root=ROOT)
    assert done.returncode == 0, done.stderr
    assert not stray.exists()


def test_release_without_a_build_exits_1_and_says_to_build(tmp_path: Path) -> None:
    done = run_cli("release", "--dist", str(tmp_path / "nowhere"), root=ROOT)
    assert done.returncode == 1
    assert "run `sistercity build`" in done.stderr
    assert "Traceback" not in done.stderr
