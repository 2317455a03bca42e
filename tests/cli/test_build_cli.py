"""End to end: `sistercity build` on the repository's data and on broken inputs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

from sistercity.build import dataset as ds
from sistercity.build.pipeline import build
from sistercity.build.validate import validate
from sistercity.core.errors import RdfSyntaxError
from sistercity.core.namespaces import G

from .conftest import ROOT, copy_project, run_cli

DATA = ROOT / "tests" / "data" / "build"
INVALID = sorted((ROOT / "tests" / "shapes" / "invalid").glob("*.ttl"))
GRAPH = "https://w3id.org/sistercity/graph/"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch project after a successful CLI build without the world graph, built once for
    the module: a test that changes the project puts it back as it was."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = run_cli("build", "--no-world", root=project)
    assert result.returncode == 0, result.stderr
    return project


def test_build_writes_named_graphs_union_and_report(built: Path) -> None:
    dist = built / "dist"
    assert {"sistercity.trig", "sistercity.ttl", "sistercity.nq", "build-report.md"} <= set(
        p.name for p in dist.iterdir())
    dataset = Dataset()
    dataset.parse(dist / "sistercity.trig", format="trig")
    names = {str(g.identifier) for g in dataset.graphs()}
    for name in ("ontology", "vocab", "shapes", "sources", "case/bandung-seoul", "inferred"):
        assert GRAPH + name in names
    assert len(dataset.graph(URIRef(GRAPH + "inferred"))) > 0
    report = (dist / "build-report.md").read_text()
    for heading in ("## Triples per named graph", "## Instances per class", "## Validation",
                    "## Reasoning", "## Time per step"):
        assert heading in report
    assert "consistent" in report


def test_syntax_error_names_file_line_column_and_keeps_dist(built: Path, cli) -> None:
    before = snapshot(built / "dist")
    case = built / "data" / "cases" / "bandung-seoul"
    shutil.copy(DATA / "syntax-error.ttl", case / "zz-broken.ttl")
    try:
        result = cli("build", "--no-world", root=built)
    finally:
        (case / "zz-broken.ttl").unlink()
    assert result.returncode == 1
    assert f"{case / 'zz-broken.ttl'}:6:" in result.stderr
    assert snapshot(built / "dist") == before


CLI_KINDS = ("twinning-one-partner", "currency-not-iso4217", "missing-provenance")


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the ontology and sources but no case: each fixture is the only case data,
    as in the shape tests (the fixtures reuse real IRIs such as Bandung's)."""
    root = copy_project(tmp_path_factory.mktemp("bare") / "project")
    shutil.rmtree(root / "data" / "cases")
    (root / "data" / "cases" / "fixture").mkdir(parents=True)
    build(root, out=root / "dist", with_world=False)
    return root


@pytest.mark.parametrize("kind", CLI_KINDS)
def test_shape_violation_fails_the_cli_build(bare: Path, cli, kind: str) -> None:
    before = snapshot(bare / "dist")
    target = bare / "data" / "cases" / "fixture" / f"{kind}.ttl"
    shutil.copy(ROOT / "tests" / "shapes" / "invalid" / f"{kind}.ttl", target)
    try:
        result = cli("build", "--no-world", "--no-warnings-ok", root=bare)
    finally:
        target.unlink()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "SHACL validation failed" in result.stderr
    assert str(target) in result.stderr  # the file the offending node came from
    assert "message: " in result.stderr and "shape: " in result.stderr
    assert snapshot(bare / "dist") == before


# Fixtures whose fault is in a literal's lexical form: the build refuses them as it reads them.
ILL_TYPED = {"count-negative": '"-1" is not a valid xsd:nonNegativeInteger',
             "date-gyear-malformed": '"20x7" is not a valid xsd:gYear: expected a year YYYY',
             "date-invalid": '"2017-13-45" is not a valid xsd:date: month 13 is not 1–12',
             "phase-number-not-positive": '"0" is not a valid xsd:positiveInteger'}


@pytest.fixture(scope="module")
def build_inputs(bare: Path) -> tuple[Graph, Graph, Graph]:
    """The curated data (sources), shapes and ontology the build of ``bare`` validates with."""
    loaded = ds.load_dataset(ds.Layout(bare))
    return (loaded.union(loaded.curated_graphs), loaded.graph(G.SHAPES),
            loaded.union([G.ONTOLOGY, G.VOCAB]))


# The fast tier (`make check`) sweeps these kinds; `make test` every fixture (~1 s each).
FAST_KINDS = {*CLI_KINDS, *ILL_TYPED, "actor-is-place", "twinning-self", "concept-without-definition"}


def test_the_fast_kinds_are_fixtures() -> None:
    assert FAST_KINDS <= {p.stem for p in INVALID}


@pytest.mark.parametrize("fixture", [
    pytest.param(p, id=p.stem, marks=() if p.stem in FAST_KINDS else pytest.mark.slow) for p in INVALID])
def test_each_kind_of_fault_fails_the_builds_checks(build_inputs: tuple[Graph, Graph, Graph],
                                                    fixture: Path) -> None:
    """Every kind, through the two steps of the build that refuse data, with the inputs of a
    real build: reading (the ill-typed literals of ILL_TYPED) and validation (the rest). The
    shape tests (tests/unit/test_*_shapes.py) assert each fixture's exact results; the CLI tests
    above, that a refusal fails the whole build and keeps dist/ as it was."""
    curated, shapes, ontology = build_inputs
    data, origins = Graph(), {}
    data += curated
    if fixture.stem in ILL_TYPED:
        with pytest.raises(RdfSyntaxError, match=re.escape(ILL_TYPED[fixture.stem])) as caught:
            ds.load_files(data, [fixture], origins)
        assert str(caught.value).startswith(f"{fixture}:")
        return
    ds.load_files(data, [fixture], origins)
    result = validate(data, shapes=shapes, ontology=ontology, origins=origins)
    assert not result.conforms(warnings_ok=False)
    assert str(fixture) in result.report(limit=200)



def test_inconsistent_extension_is_named(project: Path, cli) -> None:
    shutil.copytree(DATA / "inconsistent", project / "ontology" / "extensions" / "municipality")
    result = cli("build", "--no-world", root=project)
    assert result.returncode == 1
    assert "inconsistent" in result.stderr
    assert "https://example.org/municipality#Hometown" in result.stderr
    assert "disjointWith" in result.stderr


def test_unsatisfiable_class_is_named(project: Path, cli) -> None:
    shutil.copytree(DATA / "unsatisfiable", project / "ontology" / "extensions" / "placegov")
    result = cli("build", "--no-world", root=project)
    assert result.returncode == 1
    assert "unsatisfiable classes" in result.stderr
    assert "https://example.org/placegov#PlaceGovernment" in result.stderr


def test_unknown_command_and_option_exit_2(cli) -> None:
    unknown = cli("frobnicate")
    assert unknown.returncode == 2 and "No such command 'frobnicate'" in unknown.stderr
    option = cli("build", "--frobnicate")
    assert option.returncode == 2 and "No such option" in option.stderr


def test_every_command_has_help(cli) -> None:
    top = cli("--help")
    assert top.returncode == 0
    commands = [line.split()[0] for line in top.stdout.split("Commands:")[1].strip().splitlines()]
    assert {"build", "validate", "query"} <= set(commands)
    for name in commands:
        result = cli(name, "--help")
        assert result.returncode == 0 and "Usage: " in result.stdout, name


def test_validate_command_reports_violations(cli, project: Path) -> None:
    good = cli("validate", *map(str, sorted((ROOT / "data" / "cases" / "bandung-seoul").glob("*.ttl"))),
               *map(str, sorted((ROOT / "data" / "sources").glob("*.ttl"))), root=project)
    assert good.returncode == 0, good.stdout
    assert good.stdout.startswith("0 violation(s)")
    if INVALID:
        bad = cli("validate", str(INVALID[0]), root=project)
        assert bad.returncode == 1
        assert "[Violation]" in bad.stdout or "[Warning]" in bad.stdout


def test_query_command_runs_a_file_on_the_built_graph(built: Path, cli, tmp_path: Path) -> None:
    rq = tmp_path / "count.rq"
    rq.write_text("PREFIX sc: <https://w3id.org/sistercity/ontology#>\n"
                  "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { ?g a sc:CityGovernment }\n")
    result = cli("query", str(rq), "--format", "csv", root=built)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "n" and int(result.stdout.splitlines()[1]) >= 2


def test_there_are_shape_violation_fixtures() -> None:
    kinds = {p.stem for p in INVALID}
    assert {"twinning-self", "missing-provenance", "currency-not-iso4217"} <= kinds, kinds


def test_build_without_java_says_how_to_install_it_before_any_work(project: Path, tmp_path: Path) -> None:
    empty = tmp_path / "bin-without-java"
    empty.mkdir()
    env = {**os.environ, "PATH": str(empty), "SISTERCITY_ROOT": str(project)}
    done = subprocess.run([sys.executable, "-m", "sistercity", "build", "--no-world"], env=env,
                          cwd=project, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert "HermiT needs Java" in done.stderr and "default-jre-headless" in done.stderr
    assert "validate curated data" not in done.stderr  # refused before the first step of work
    assert not (project / "dist" / "sistercity.nq").exists()
