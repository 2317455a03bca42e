"""`sistercity questions`, `sistercity query` and `sistercity answer`, run as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import pytest

from sistercity.publish.query import list_questions

from .conftest import ROOT, copy_project, run_cli

BANDUNG = "https://w3id.org/sistercity/id/city/id/bandung"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch copy of the project (no world list), built once for the module."""
    root = copy_project(tmp_path_factory.mktemp("query-cli") / "project")
    done = run_cli("build", root=root)
    assert done.returncode == 0, done.stderr
    return root


def ok(done: subprocess.CompletedProcess[str]) -> str:
    """The output of a run that must succeed."""
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_questions_lists_every_question() -> None:
    out = ok(run_cli("questions"))
    questions = list_questions(ROOT / "queries" / "cq")
    assert len(questions) >= 20
    for q in questions:
        assert f"{q.number}  {q.title}" in out
        assert q.question in out


def test_questions_verbose_shows_parameters() -> None:
    out = ok(run_cli("questions", "--verbose"))
    assert f"param:  city (iri, default <{BANDUNG}>)" in out
    assert "param:  limit (integer, default 10)" in out


def test_query_prints_a_table(built: Path) -> None:
    out = ok(run_cli("query", "06", root=built))
    lines = out.splitlines()
    assert lines[0].split() == ["dimension", "dimensionLabel", "outcomes"]
    assert set(lines[1]) <= {"-", " "}
    assert re.search(r"Smart Government\s+5\s*$", out, re.MULTILINE)
    assert lines[-1] == "(4 rows)"


def test_query_csv(built: Path) -> None:
    out = ok(run_cli("query", "6", "--format", "csv", root=built))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["dimensionLabel"]: r["outcomes"] for r in rows} == {
        "Smart Government": "5", "Smart Branding": "4", "Smart Living": "4", "Smart Environment": "2"}


def test_query_json(built: Path) -> None:
    out = ok(run_cli("query", "03", "--format", "json", root=built))
    data = json.loads(out)
    assert data["head"]["vars"][:3] == ["project", "phase", "event"]
    starts = [b["start"]["value"] for b in data["results"]["bindings"]]
    assert starts == ["2017-10-16", "not stated in source", "2018-03-25", "2019-05-06"]
    assert [b["phase"]["value"] for b in data["results"]["bindings"]] == ["1", "2", "3", "4"]


def test_query_markdown(built: Path) -> None:
    out = ok(run_cli("query", "06", "--format", "markdown", root=built))
    assert out.splitlines()[0] == "| dimension | dimensionLabel | outcomes |"
    assert out.splitlines()[1] == "|---|---|---|"
    assert "| Smart Living | 4 |" in out


def test_param_fills_a_parameter(built: Path) -> None:
    default = ok(run_cli("query", "17", "--format", "csv", root=built))
    assert "Seoul" in default
    china = ok(run_cli("query", "17", "--format", "csv", "--param", "country=CN", root=built))
    assert list(csv.DictReader(io.StringIO(china))) == []
    xiamen = ok(run_cli("query", "13", "--format", "csv", "--param", "city=id:city/cn/xiamen", root=built))
    assert {r["partnerLabel"] for r in csv.DictReader(io.StringIO(xiamen))} == {"Surabaya"}


def test_unknown_question_lists_the_known_ones(built: Path) -> None:
    done = run_cli("query", "99", root=built)
    assert done.returncode == 2
    assert "no question '99'" in done.stderr
    assert "06  Outcomes by Smart LBEG dimension" in done.stderr


def test_ill_typed_param_says_which_and_what_type(built: Path) -> None:
    done = run_cli("query", "14", "--param", "limit=ten", root=built)
    assert done.returncode == 1
    assert "parameter 'limit' expects integer" in done.stderr
    assert "'ten'" in done.stderr


def test_bad_iri_param_says_what_it_expects(built: Path) -> None:
    done = run_cli("query", "13", "--param", "city=bandung", root=built)
    assert done.returncode == 1
    assert "parameter 'city' expects iri" in done.stderr


def test_missing_param_value_says_which(built: Path, tmp_path: Path) -> None:
    query = tmp_path / "no-default.rq"
    query.write_text("# title: t\n# question: q\n# param: city iri\n"
                     "SELECT ?city WHERE { ?city a <https://w3id.org/sistercity/ontology#City> }\n",
                     encoding="utf-8")
    done = run_cli("query", str(query), root=built)
    assert done.returncode == 1
    assert "parameter 'city' (iri) needs a value: --param city=" in done.stderr


def test_undeclared_param_is_refused(built: Path) -> None:
    done = run_cli("query", "06", "--param", "city=id:city/id/bandung", root=built)
    assert done.returncode == 1
    assert "unknown parameter(s) city" in done.stderr


def test_syntax_error_names_file_line_column(built: Path, tmp_path: Path) -> None:
    query = tmp_path / "broken.rq"
    query.write_text("# title: broken\nPREFIX sc: <https://w3id.org/sistercity/ontology#>\n"
                     "SELECT ?x WHERE {\n  ?x a sc:City\n  FILTER(\n}\n", encoding="utf-8")
    done = run_cli("query", str(query), root=built)
    assert done.returncode == 1
    assert re.search(rf"{re.escape(str(query))}:\d+:\d+: SPARQL syntax error", done.stderr), done.stderr


def test_answer_writes_every_answer_and_an_index(built: Path) -> None:
    out = ok(run_cli("answer", root=built))
    questions = list_questions(built / "queries" / "cq")
    assert f"answered {len(questions)} questions" in out
    answers = built / "dist" / "answers"
    for q in questions:
        assert (answers / f"{q.path.stem}.csv").is_file()
        markdown = (answers / f"{q.path.stem}.md").read_text(encoding="utf-8")
        assert markdown.startswith(f"# {q.number}. {q.title}")
    index = (answers / "index.md").read_text(encoding="utf-8")
    assert all(f"[{q.title}]({q.path.stem}.md)" in index for q in questions)
    outcomes = list(csv.DictReader((answers / "06-outcomes-by-dimension.csv").open(encoding="utf-8")))
    assert sum(int(r["outcomes"]) for r in outcomes) == 15
