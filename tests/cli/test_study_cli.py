"""End to end: `sistercity new study` writes a folder that validates and builds as written, and
`build --study` records it in dist/ with its question answering on the build."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sistercity.build.study import study_queries
from sistercity.publish.built import load_built
from sistercity.publish.query import find_question, list_questions, run

from .conftest import ROOT, copy_project


@pytest.fixture(scope="module")
def scholar(tmp_path_factory: pytest.TempPathFactory):
    """A project copy with the repository's studies, a study made by `new study` outside it, and
    the project built with that study (no world)."""
    from .conftest import run_cli

    base = tmp_path_factory.mktemp("scholar")
    project = copy_project(base / "project")
    shutil.copytree(ROOT / "studies", project / "studies")
    study = base / "elsewhere" / "green-ties"
    made = run_cli("new", "study", str(study), "--slug", "green-ties", "--title", "Green ties: Surabaya–Kitakyushu",
                   "--namespace", "https://example.org/green-ties#", "--author", "A. Scholar", root=project)
    assert made.returncode == 0, made.stderr
    built = run_cli("build", "--no-world", "--study", str(study), root=project)
    return project, study, made, built


def test_new_study_writes_every_part(scholar) -> None:
    _project, study, made, _built = scholar
    for name in ("study.toml", "module/green-ties.ttl", "module/green-ties.shapes.ttl",
                 "case/exchanges.ttl", "sources.ttl", "queries/01-youth-exchanges.rq", "README.md"):
        assert (study / name).is_file(), name
        assert str(study / name) in made.stdout
    module = (study / "module" / "green-ties.ttl").read_text()
    assert "@prefix gt:" in module and "<https://example.org/green-ties#>" in module
    assert "example.org/my-module" not in module and "mym:" not in module
    assert 'prefix = "gt"' in (study / "study.toml").read_text()


def test_the_new_study_builds_without_violations(scholar) -> None:
    _project, study, _made, built = scholar
    assert built.returncode == 0, built.stderr
    assert "study green-ties: Green ties: Surabaya–Kitakyushu" in built.stderr
    assert "0 violation(s)" in built.stderr


def test_manifest_records_the_studies_with_their_metadata(scholar) -> None:
    project, study, _made, _built = scholar
    manifest = json.loads((project / "dist" / "manifest.json").read_text())
    studies = {s["slug"]: s for s in manifest["studies"]}
    assert set(studies) == {"china-indonesia", "green-ties"}
    green = studies["green-ties"]
    assert green["title"] == "Green ties: Surabaya–Kitakyushu" and green["authors"] == ["A. Scholar"]
    assert green["namespace"] == "https://example.org/green-ties#" and green["licence"] == "CC-BY-4.0"
    assert green["folder"] == str(study.resolve()) and green["modules"] == ["https://example.org/green-ties"]
    assert studies["china-indonesia"]["folder"] == "studies/china-indonesia"
    assert manifest["prefixes"]["gt"] == "https://example.org/green-ties#"
    assert "https://w3id.org/sistercity/graph/case/green-ties" in manifest["graphs"]
    modules = {m["iri"]: m for m in manifest["modules"]}
    assert modules["https://example.org/green-ties"]["study"] == "green-ties"
    assert modules["https://w3id.org/sistercity/ontology/modules/places"]["study"] is None
    assert any(name.endswith("green-ties/case/exchanges.ttl") for name in manifest["inputs"])


def test_the_studies_questions_answer_on_the_build(scholar) -> None:
    project, _study, _made, _built = scholar
    studies = study_queries(project, dist=project / "dist")
    numbers = [q.number for q in list_questions(project / "queries" / "cq", studies)]
    assert "green-ties:01" in numbers and "china-indonesia:01" in numbers and "01" in numbers
    store = load_built(project / "dist")
    answer = run(store, find_question("green-ties:1", project / "queries" / "cq", studies))
    assert [(r[0].value, r[1].value, r[3].value) for r in answer.rows] == [
        ("Example youth exchange (replace with one your source describes)", "24", "p. 1, paragraph 2")]
    framed = run(store, find_question("china-indonesia:01", project / "queries" / "cq", studies))
    assert sorted(r[0].value for r in framed.rows) == ["Semarang–Beihai twin cities",
                                                      "Surabaya–Xiamen twin cities"]


def test_new_study_refuses_a_full_folder_and_the_core_namespace(scholar, tmp_path: Path) -> None:
    from .conftest import run_cli

    project, study, _made, _built = scholar
    again = run_cli("new", "study", str(study), "--slug", "x", "--title", "X",
                    "--namespace", "https://example.org/x#", root=project)
    assert again.returncode == 2 and "is not empty" in again.stderr
    core = run_cli("new", "study", str(tmp_path / "c"), "--slug", "x", "--title", "X",
                   "--namespace", "https://w3id.org/sistercity/ontology#", root=project)
    assert core.returncode == 1 and "is the core's" in core.stderr


def test_the_new_studys_readme_commands_run_as_written(tmp_path: Path) -> None:
    """The `sh` block of the README `new study` writes, run from the project root."""
    import os
    import re
    import subprocess
    import sys

    from .conftest import run_cli

    project = copy_project(tmp_path / "project")
    made = run_cli("new", "study", str(tmp_path / "harbour"), "--slug", "harbour-ties", "--title", "Harbour ties",
                   "--namespace", "https://example.org/harbour#", cwd=project, root=project)
    assert made.returncode == 0, made.stderr
    readme = (tmp_path / "harbour" / "README.md").read_text(encoding="utf-8")
    commands = re.search(r"^```sh\n(.*?)^```$", readme, re.MULTILINE | re.DOTALL).group(1)
    assert commands.count("sistercity ") == 3
    env = {**os.environ, "SISTERCITY_ROOT": str(project),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", commands], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Example youth exchange" in done.stdout and "(1 row" in done.stdout
