"""The build cache: a rebuild reads the world import and its SHACL validation from it when
their inputs are unchanged, recomputes them when one changed, and writes the same dist/."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox

from sistercity.build.cache import Cache, schema_key, world_key
from sistercity.build.pipeline import build

from tests.rdf_canon import canonical

from .conftest import ROOT

# What differs between any two builds: when they ran, how long each step took, what came from the cache.
_TIMED_SECTIONS = re.compile(r"^## (Time per step|Processes)\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
_RDF_FILES = {"sistercity.nq": ox.RdfFormat.N_QUADS, "sistercity.trig": ox.RdfFormat.TRIG,
              "sistercity.ttl": ox.RdfFormat.TURTLE}


def same_rdf(a: Path, b: Path, fmt: ox.RdfFormat) -> bool:
    """Whether two RDF files hold the same quads, blank nodes up to renaming (each build parses
    the ontology's blank nodes afresh): ground quads compared as text, the rest by their RDFC-1.0
    canonical form."""
    ground: list[set[str]] = [set(), set()]
    with_blanks: list[list[ox.Quad]] = [[], []]
    for side, path in enumerate((a, b)):
        for quad in ox.parse(path=str(path), format=fmt):
            if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
                with_blanks[side].append(quad)
            else:
                ground[side].add(str(quad))
    return ground[0] == ground[1] and canonical(with_blanks[0]) == canonical(with_blanks[1])


_SECONDS = re.compile(r"\b\d+\.\d+ s\b")


def without_timings(report: str) -> str:
    """The build report without the figures that differ between any two builds: seconds."""
    return _SECONDS.sub("… s", _TIMED_SECTIONS.sub("", report))


def comparable_manifest(path: Path) -> dict:
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for key in ("built", "from_cache"):
        manifest.pop(key)
    return manifest


def test_a_warm_rebuild_reads_the_world_from_the_cache_and_writes_the_same_dist(
        world_dist: Path, world_cache: Path, tmp_path: Path) -> None:
    clean = json.loads((world_dist / "manifest.json").read_text(encoding="utf-8"))
    assert clean["from_cache"] == []  # the session's build computed everything
    warm = build(ROOT, out=tmp_path / "dist", with_world=True, cache=Cache(world_cache))
    assert warm.from_cache == ("world import", "world SHACL validation")
    assert "world SHACL validation" not in warm.processes  # no child validated the world again
    assert "import world twinnings" not in warm.timings.steps
    names = sorted(p.name for p in world_dist.iterdir())
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == names
    for name in names:
        ours, theirs = world_dist / name, tmp_path / "dist" / name
        if name in _RDF_FILES:
            assert same_rdf(ours, theirs, _RDF_FILES[name]), name
        elif name == "manifest.json":
            assert comparable_manifest(ours) == comparable_manifest(theirs)
        elif name == "build-report.md":
            report = theirs.read_text(encoding="utf-8")
            assert "From the build cache" in report and "world SHACL validation." in report
            assert without_timings(ours.read_text(encoding="utf-8")) == without_timings(report)
        else:
            assert ours.read_bytes() == theirs.read_bytes(), name
    assert json.loads((tmp_path / "dist" / "manifest.json").read_text())["from_cache"] == [
        "world import", "world SHACL validation"]


def _world_copy(target: Path) -> Path:
    for folder in ("data/world", "ontology", "data/cases"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


def test_the_keys_follow_the_world_files_and_the_shapes_but_not_the_cases(tmp_path: Path) -> None:
    root = _world_copy(tmp_path / "project")
    shapes = sorted((root / "ontology").rglob("*.ttl"))
    world, validation = world_key(root), schema_key(world_key(root), shapes)
    with (root / "data/cases/bandung-seoul/outcomes.ttl").open("a", encoding="utf-8") as case:
        case.write("\n# a scholar's edit\n")
    assert (world_key(root), schema_key(world_key(root), shapes)) == (world, validation)
    with (root / "ontology/shapes/places.shapes.ttl").open("a", encoding="utf-8") as shape:
        shape.write("\n# a changed shape\n")
    assert world_key(root) == world and schema_key(world, shapes) != validation
    with (root / "data/world/mapping.toml").open("a", encoding="utf-8") as mapping:
        mapping.write("\n# a changed mapping\n")
    assert world_key(root) != world


def test_a_damaged_entry_is_a_miss_and_no_cache_keeps_nothing(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    cache.put("world", "k" * 64, {"rows": 3})
    assert cache.get("world", "k" * 64) == {"rows": 3}
    cache.put("world", "j" * 64, {"rows": 4})  # a new key replaces the older entry of its kind
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [f"world-{'j' * 24}.pickle"]
    (tmp_path / "cache" / f"world-{'j' * 24}.pickle").write_bytes(b"not a pickle")
    assert cache.get("world", "j" * 64) is None and cache.hits["world"] is False
    off = Cache.for_project(tmp_path, enabled=False)
    off.put("world", "k" * 64, {"rows": 3})
    assert off.folder is None and off.get("world", "k" * 64) is None
    assert not (tmp_path / ".cache").exists()
