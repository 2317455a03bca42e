"""`sistercity answer` writes dist/answers/ that read as answers, and `sistercity query --format
table|markdown` prints the same headings, labels and summary, run as a user runs them."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from sistercity.publish.query import list_questions

from .conftest import ROOT, run_cli

TABEL_2 = "15 outcomes: Smart Government 5, Smart Branding 4, Smart Living 4, Smart Environment 2"


@pytest.fixture(scope="module")
def dist(case_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the curated-cases build, answered by the CLI with an endpoint of our choosing."""
    folder = tmp_path_factory.mktemp("answer-cli") / "dist"
    shutil.copytree(case_dist, folder)
    done = run_cli("answer", "--dist", str(folder), "--endpoint", "http://sparql.example.org:7878")
    assert done.returncode == 0, done.stderr
    questions = list_questions(ROOT / "queries" / "cq")
    assert f"answered {len(questions)} questions into {folder / 'answers'} ({2 * len(questions) + 2} files)" \
        in done.stdout
    return folder


def test_answer_writes_csv_markdown_and_both_indexes(dist: Path) -> None:
    answers = dist / "answers"
    for q in list_questions(ROOT / "queries" / "cq"):
        assert (answers / f"{q.path.stem}.csv").is_file()
        assert (answers / f"{q.path.stem}.md").read_text(encoding="utf-8").startswith(f"# {q.number}. {q.title}")
    index = (answers / "index.md").read_text(encoding="utf-8")
    assert f"| 06 | [Outcomes by Smart LBEG dimension](06-outcomes-by-dimension.md)" in index
    assert TABEL_2 in index
    page = (answers / "index.html").read_text(encoding="utf-8")
    assert 'href="http://sparql.example.org:7878/#query=' in page


def test_the_csv_has_headings_in_words(dist: Path) -> None:
    with (dist / "answers" / "06-outcomes-by-dimension.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0])
    assert header[header.index("Dimension"):][:3] == ["Dimension", "Dimension IRI", "Outcomes"]
    assert sum(int(r["Outcomes"]) for r in rows) == 15


def test_query_table_reads_as_the_answer_does(dist: Path) -> None:
    done = run_cli("query", "07", "--dist", str(dist))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].endswith("outcomes: Smart Government 5, Smart Branding 4, Smart Living 4, Smart Environment 2; "
                             + lines[0].rsplit("; ", 1)[1])
    assert lines[2].split("  ")[0] == "Dimension"
    assert "Kind" in lines[2] and "Resulted from" in lines[2] and "outcomeLabel" not in done.stdout
    assert "https://" not in done.stdout
    assert lines[-1] == f"({lines[0].split()[0]} rows)"


def test_query_markdown_is_the_answer_file_s_table(dist: Path) -> None:
    done = run_cli("query", "07", "--format", "markdown", "--dist", str(dist))
    assert done.returncode == 0, done.stderr
    answer_file = (dist / "answers" / "07-outcomes.md").read_text(encoding="utf-8")
    assert done.stdout.startswith("**Answer.** ") and "Smart Environment 2;" in done.stdout.splitlines()[0]
    assert done.stdout in answer_file
