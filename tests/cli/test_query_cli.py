"""`sistercity questions`, `sistercity query` and `sistercity answer`, run as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sistercity.publish.query import list_questions

from .conftest import ROOT, copy_project, run_cli

ID = "https://w3id.org/sistercity/id/"
BANDUNG = ID + "city/id/bandung"


@pytest.fixture(scope="module")
def built(case_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch copy of the project (no world list) with a copy of the session's build as its
    dist/ (the CLI build itself is tested in test_build_cli.py)."""
    root = copy_project(tmp_path_factory.mktemp("query-cli") / "project")
    shutil.copytree(case_dist, root / "dist")
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
    assert lines[0] == "15 outcomes: Smart Government 5, Smart Branding 4, Smart Living 4, Smart Environment 2"
    header = lines.index("Dimension          Outcomes")
    assert set(lines[header + 1]) <= {"-", " "}
    assert re.search(r"^Smart Government\s+5\s*$", out, re.MULTILINE)
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
    lines = out.splitlines()
    assert lines[0].startswith("**Answer.** 15 outcomes: Smart Government 5")
    header = lines.index("| Dimension | Outcomes |")
    assert lines[header + 1] == "|---|---|"
    assert ("| [Smart Living](<https://w3id.org/sistercity/vocab/smart-city-dimension/smart-living>) | 4 |"
            in lines)


def test_param_fills_a_parameter(built: Path) -> None:
    default = list(csv.DictReader(io.StringIO(ok(run_cli("query", "12", "--format", "csv", root=built)))))
    assert {r["node"] for r in default} == {ID + "statistic/bandung-sister-cities-2020"}
    other = ok(run_cli("query", "12", "--format", "csv", "--param", "node=id:city/id/bandung", root=built))
    rows = list(csv.DictReader(io.StringIO(other)))
    assert rows and {r["node"] for r in rows} == {BANDUNG}


@pytest.mark.slow
def test_param_of_a_world_question(world_dist: Path) -> None:
    korea = ok(run_cli("query", "17", "--format", "csv", "--dist", str(world_dist)))
    assert {r["partnerLabel"] for r in csv.DictReader(io.StringIO(korea))} == {"Seoul", "Suwon"}
    china = ok(run_cli("query", "17", "--format", "csv", "--param", "country=CN", "--dist", str(world_dist)))
    assert {r["partnerLabel"] for r in csv.DictReader(io.StringIO(china))} == {"Liuzhou", "Yingkou"}
    brunswick = ok(run_cli("query", "13", "--format", "csv", "--param", "city=id:city/de/braunschweig",
                           "--dist", str(world_dist)))
    assert "Bandung" in {r["partnerLabel"] for r in csv.DictReader(io.StringIO(brunswick))}


def test_world_question_on_a_build_without_the_world_is_a_data_error(built: Path) -> None:
    done = run_cli("query", "13", "--param", "city=id:city/de/braunschweig", root=built)
    assert done.returncode == 1, done.stdout
    assert "question 13 (A city's sister cities, with status and source) needs the world twinning lists" \
        in done.stderr
    assert "--no-world" in done.stderr and done.stdout == ""


def test_unknown_question_lists_the_known_ones(built: Path) -> None:
    done = run_cli("query", "99", root=built)
    assert done.returncode == 2
    assert "no question '99'" in done.stderr
    assert "06  Outcomes by Smart LBEG dimension" in done.stderr


def test_ill_typed_param_is_a_usage_error(built: Path) -> None:
    done = run_cli("query", "14", "--param", "limit=ten", root=built)
    assert done.returncode == 2
    assert "error: parameter 'limit' expects integer (an integer such as 10); got 'ten'" in done.stderr
    assert "Traceback" not in done.stderr


def test_name_where_an_iri_is_expected_names_the_matching_iris(built: Path) -> None:
    done = run_cli("query", "12", "--param", "node=bandung", root=built)
    assert done.returncode == 2
    assert "parameter 'node' expects iri" in done.stderr and "got 'bandung'" in done.stderr
    assert "nodes labelled 'bandung' in the build:" in done.stderr
    assert "id:city/id/bandung  (Bandung)" in done.stderr
    assert "e.g. --param node=id:city/id/bandung" in done.stderr


@pytest.mark.slow
def test_city_name_on_the_world_build_names_the_city(world_dist: Path) -> None:
    done = run_cli("query", "13", "--param", "city=Braunschweig", "--dist", str(world_dist))
    assert done.returncode == 2
    assert "nodes labelled 'Braunschweig' in the build:\n    id:city/de/braunschweig  (Braunschweig)" \
        in done.stderr
    unknown = run_cli("query", "13", "--param", "city=Xyzzyville", "--dist", str(world_dist))
    assert unknown.returncode == 2
    assert "no node of the build is labelled 'Xyzzyville'" in unknown.stderr


def test_missing_param_value_says_which(built: Path, tmp_path: Path) -> None:
    query = tmp_path / "no-default.rq"
    query.write_text("# title: t\n# question: q\n# param: city iri\n"
                     "SELECT ?city WHERE { ?city a <https://w3id.org/sistercity/ontology#City> }\n",
                     encoding="utf-8")
    done = run_cli("query", str(query), root=built)
    assert done.returncode == 2
    assert "parameter 'city' (iri) needs a value: --param city=" in done.stderr


def test_undeclared_param_is_refused(built: Path) -> None:
    done = run_cli("query", "06", "--param", "city=id:city/id/bandung", root=built)
    assert done.returncode == 2
    assert "unknown parameter(s) city; this question declares: none" in done.stderr
    done = run_cli("query", "14", "--param", "country=DE", root=built)
    assert done.returncode == 2
    assert "unknown parameter(s) country; this question declares: limit (integer)" in done.stderr


def test_syntax_error_names_file_line_column(built: Path, tmp_path: Path) -> None:
    query = tmp_path / "broken.rq"
    query.write_text("# title: broken\nPREFIX sc: <https://w3id.org/sistercity/ontology#>\n"
                     "SELECT ?x WHERE {\n  ?x a sc:City\n  FILTER(\n}\n", encoding="utf-8")
    done = run_cli("query", str(query), root=built)
    assert done.returncode == 1
    assert re.search(rf"{re.escape(str(query))}:\d+:\d+: SPARQL syntax error", done.stderr), done.stderr


def test_undeclared_prefix_is_named_with_its_place(built: Path, tmp_path: Path) -> None:
    query = tmp_path / "no-prefix.rq"
    query.write_text("# title: labels: of cities\nPREFIX sc: <https://w3id.org/sistercity/ontology#>\n"
                     "SELECT ?x ?l WHERE {\n  ?x a sc:City ; rdfs:label ?l .  # skos: in a comment\n"
                     '  FILTER(?l != "foo:bar")\n}\n', encoding="utf-8")
    done = run_cli("query", str(query), root=built)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        f"error: {query}:4:18: prefix 'rdfs' is not declared (line 4, column 18); "
        "add PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> at the top of the query")
    # Only rdfs is reported: skos: in a comment and foo: in a string are not prefixes (the echoed
    # line below the message may show them).
    assert "prefix 'skos'" not in done.stderr and "prefix 'foo'" not in done.stderr
    assert "\\u{" not in done.stderr


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
    assert sum(int(r["Outcomes"]) for r in outcomes) == 15
