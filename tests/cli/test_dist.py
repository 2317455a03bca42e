"""dist/ is always one build: a build replaces every output of the one before (and what its
consumers derived from it), describes itself in manifest.json, and a failed build changes nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
from importlib import metadata
from pathlib import Path

import pytest

from sistercity.build.dist import staged
from sistercity.build.pipeline import build
from sistercity.core.errors import SisterCityError

from .conftest import ROOT, copy_project, run_cli

DATA = ROOT / "tests" / "data" / "build"
WORLD_OUTPUTS = ("world-*.csv", "world-quality.*", "reconciliation.md")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative name → bytes)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def check_manifest(dist: Path, root: Path, *, with_world: bool) -> dict:
    """manifest.json of ``dist`` names the build's inputs with their SHA-256, its options and
    versions, and exactly the files in ``dist``."""
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["options"]["with_world"] is with_world
    assert manifest["versions"]["rdflib"] == metadata.version("rdflib")
    assert manifest["versions"]["pyoxigraph"] == metadata.version("pyoxigraph")
    assert {"sistercity", "pyshacl", "owlready2", "reasonable", "python"} <= set(manifest["versions"])
    inputs = manifest["inputs"]
    for name in ("ontology/sistercity.ttl", "data/sources/seed-article.ttl",
                 "data/cases/bandung-seoul/outcomes.ttl", "ontology/shapes/places.shapes.ttl"):
        assert name in inputs, name
    assert ("data/world/twin_cities.csv" in inputs) is with_world
    for name, digest in inputs.items():
        assert hashlib.sha256((root / name).read_bytes()).hexdigest() == digest, name
    present = {p.relative_to(dist).as_posix() for p in dist.rglob("*") if p.is_file()}
    assert set(manifest["files"]) == present  # every file listed exists, every file is listed
    assert all(size > 0 for size in manifest["graphs"].values())
    return manifest


def test_the_no_world_build_describes_itself(case_dist: Path) -> None:
    manifest = check_manifest(case_dist, ROOT, with_world=False)
    assert {"sistercity.nq", "sistercity.trig", "sistercity.ttl", "build-report.md",
            "manifest.json"} <= set(manifest["files"])
    assert "https://w3id.org/sistercity/graph/world" not in manifest["graphs"]


def test_the_full_build_describes_itself(world_dist: Path) -> None:
    manifest = check_manifest(world_dist, ROOT, with_world=True)
    assert {"reconciliation.md", "world-quality.md", "world-quality.csv", "world-sources.md",
            "world-sources.csv"} <= set(manifest["files"])
    assert manifest["graphs"]["https://w3id.org/sistercity/graph/world"] > 100_000


def test_a_no_world_build_after_a_full_one_leaves_nothing_of_it(world_dist: Path,
                                                                 tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    shutil.copytree(world_dist, dist)
    for args in (["answer"], ["export", "csv", "--view", "world"]):  # what the consumers derive
        done = run_cli(*args, "--dist", str(dist))
        assert done.returncode == 0, done.stderr
    assert (dist / "answers" / "index.md").exists() and (dist / "exports").is_dir()
    assert any(dist.glob("world-*.csv")) and (dist / "reconciliation.md").exists()
    (dist / "my-notes.txt").write_text("a file no build writes", encoding="utf-8")

    build(ROOT, out=dist, with_world=False)

    for pattern in WORLD_OUTPUTS:
        assert not list(dist.glob(pattern)), pattern
    assert not (dist / "answers").exists() and not (dist / "exports").exists()
    assert (dist / "my-notes.txt").read_text(encoding="utf-8") == "a file no build writes"
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {p.name for p in dist.iterdir()} - {"my-notes.txt"}
    assert not any(p.name.startswith(".staging-") for p in dist.iterdir())
    # and a consumer that needs the world now says so instead of answering from the case alone
    done = run_cli("query", "13", "--param", "city=https://w3id.org/sistercity/id/city/de/braunschweig",
                   "--dist", str(dist))
    assert done.returncode == 1 and "needs the world twinning lists" in done.stderr, done.stderr


def test_a_rebuild_removes_what_the_consumers_derived(case_dist: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    shutil.copytree(case_dist, dist)
    done = run_cli("answer", "--dist", str(dist))
    assert done.returncode == 0, done.stderr
    assert (dist / "answers" / "index.md").exists()
    build(ROOT, out=dist, with_world=False)
    assert not (dist / "answers").exists()
    assert set(json.loads((dist / "manifest.json").read_text())["files"]) == {
        p.name for p in dist.iterdir()}


@pytest.fixture(scope="module")
def answered(case_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch project with a copy of the session's build (no world), answered through the CLI."""
    root = copy_project(tmp_path_factory.mktemp("answered") / "project")
    shutil.copytree(case_dist, root / "dist")
    done = run_cli("answer", root=root)
    assert done.returncode == 0, done.stderr
    return root


def test_a_failed_build_leaves_the_previous_dist_as_it_was(answered: Path) -> None:
    before = tree(answered / "dist")
    assert "answers/index.md" in before and "manifest.json" in before
    broken = answered / "data" / "cases" / "bandung-seoul" / "zz-broken.ttl"
    shutil.copy(DATA / "syntax-error.ttl", broken)
    try:
        done = run_cli("build", "--no-world", root=answered)
    finally:
        broken.unlink()
    assert done.returncode == 1 and f"{broken}:6:18: syntax error" in done.stderr
    assert "Traceback" not in done.stderr
    assert tree(answered / "dist") == before


def test_a_failure_while_writing_swaps_nothing_in(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "sistercity.nq").write_text("the earlier build\n", encoding="utf-8")
    with pytest.raises(SisterCityError, match=f"cannot write the build into {out}: "
                       "No space left on device .*sistercity.nq.*Choose a writable folder"):
        with staged(out) as staging:
            (staging / "sistercity.nq").write_text("half of the new one", encoding="utf-8")
            raise OSError(28, "No space left on device", str(staging / "sistercity.nq"))
    assert tree(out) == {"sistercity.nq": b"the earlier build\n"}
    assert [p.name for p in out.iterdir()] == ["sistercity.nq"]  # no staging folder left


@pytest.mark.parametrize("out", ["/proc/sistercity-dist", "/dev/null/dist"])
def test_an_unwritable_out_is_a_clear_error(out: str) -> None:
    done = run_cli("build", "--no-world", "--quiet", "--out", out)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr.startswith(f"error: cannot write the build into {out}: "), done.stderr
    assert "Choose a writable folder with --out." in done.stderr
    assert "Traceback" not in done.stderr
    assert "validate curated data" not in done.stderr  # refused before the work, not after it


def test_the_library_raises_the_projects_error_for_it() -> None:
    with pytest.raises(SisterCityError, match="cannot write the build into /proc/sistercity-dist"):
        with staged(Path("/proc/sistercity-dist")):
            pass


def test_a_view_that_needs_the_world_refuses_a_build_without_it(case_dist: Path,
                                                                tmp_path: Path) -> None:
    for view in ("world", "city:Bandung", "country:KR"):
        out = tmp_path / f"{view.replace(':', '-')}.gexf"
        done = run_cli("export", "gexf", "--view", view, "--dist", str(case_dist), "--out", str(out))
        assert done.returncode == 1, done.stdout + done.stderr
        assert (f"error: the {view} view needs the world twinning lists, but the build in "
                f"{case_dist} was made without them (`--no-world`): run `sistercity build` first."
                in done.stderr), done.stderr
        assert "Traceback" not in done.stderr and not out.exists()


def test_export_all_on_a_build_without_the_world_writes_the_case_and_says_so(
        case_dist: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    shutil.copytree(case_dist, dist)
    done = run_cli("export", "all", "--dist", str(dist))
    assert done.returncode == 0, done.stderr
    assert "skipped: the world view" in done.stderr and "--no-world" in done.stderr
    written = {p.name for p in (dist / "exports").iterdir()}
    assert "case.gexf" in written and not any(name.startswith("world") for name in written)
