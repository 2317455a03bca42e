"""dist/answers/: every answer reads as an answer (headings in words, labels linked to their IRIs,
no column that is the same on every row, a summary line), on the real Bandung–Seoul answers, and
index.html loads in headless Chromium without a console message."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest

from sistercity.core.errors import QueryError
from sistercity.publish.answers import Answer, answer_all, query_page_url, write_answers
from sistercity.publish.built import load_built
from sistercity.publish.query import list_questions
from sistercity.publish.readable import compact, in_words, presentation, readable

ROOT = Path(__file__).resolve().parents[2]
CQ = ROOT / "queries" / "cq"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TABEL_2 = "15 outcomes: Smart Government 5, Smart Branding 4, Smart Living 4, Smart Environment 2"


@pytest.fixture(scope="module")
def answers(case_dist: Path) -> dict[str, Answer]:
    """Every question answered on the build of the curated cases, by number."""
    return {a.question.number: a for a in answer_all(load_built(case_dist), CQ)}


@pytest.fixture(scope="module")
def written(answers: dict[str, Answer], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/answers/ as `sistercity answer` writes it."""
    out = tmp_path_factory.mktemp("answers")
    write_answers(list(answers.values()), out)
    return out


def test_outcome_summaries_are_tabel_2(answers: dict[str, Answer]) -> None:
    assert answers["06"].readable.summary == TABEL_2
    # question 07 also lists the outcomes outside the article's Smart LBEG frame
    outcomes = answers["07"].readable
    without = sum(1 for row in outcomes.rows if row[0].text == "")
    assert outcomes.summary == (f"{15 + without} outcomes: Smart Government 5, Smart Branding 4, Smart Living 4, "
                                f"Smart Environment 2; {without} outside the Smart LBEG dimensions")
    assert answers["06"].readable.headings == ("Dimension", "Outcomes")
    assert [c.text for c in answers["06"].readable.rows[0]] == ["Smart Government", "5"]


def test_every_question_has_a_summary_from_its_template(answers: dict[str, Answer]) -> None:
    for number, answer in answers.items():
        q = answer.question
        assert re.search(r"^# summary:", q.text, re.MULTILINE), f"{q.path.name}: add a `# summary:` line"
        assert answer.readable.summary and "{" not in answer.readable.summary, q.path.name


def test_no_iri_as_text_and_no_camel_case_heading(answers: dict[str, Answer]) -> None:
    for answer in answers.values():
        r = answer.readable
        for heading in r.headings:
            assert not re.search(r"[a-z][A-Z]", heading), f"{answer.question.path.name}: {heading!r}"
        for row in r.rows:
            for cell in row:
                assert not cell.text.startswith(("http://", "https://")), (answer.question.path.name, cell)


def test_no_column_is_the_same_on_every_row(answers: dict[str, Answer]) -> None:
    for answer in answers.values():
        r = answer.readable
        if len(r.rows) < 2:
            continue
        for i, heading in enumerate(r.headings):
            assert len({row[i] for row in r.rows}) > 1, f"{answer.question.path.name}: {heading} is constant"


def test_what_every_row_shares_is_said_once(answers: dict[str, Answer]) -> None:
    plan = answers["11"].readable
    shared = {h: c.text for h, c in plan.constants}
    assert shared["Prepared by"] == "LAPI ITB" and shared["Commissioned by"] == "Bandung City Government"
    assert plan.headings == ("Challenge", "Target") and len(plan.rows) == 4
    assert "Limit" not in answers["14"].readable.headings  # the parameter, not an answer
    assert "Limit" not in answers["14"].readable.csv_header


def test_headings_from_the_columns_header(answers: dict[str, Answer]) -> None:
    statistics = answers["21"].readable
    assert "Partners in the lists" in statistics.csv_header
    assert "Partners the source states" in statistics.csv_header


def test_csv_keeps_the_iri_beside_each_label(written: Path) -> None:
    rows = [r for r in csv.DictReader(io.StringIO((written / "07-outcomes.csv").read_text(encoding="utf-8")))
            if r["Dimension"]]
    assert len(rows) == 15
    cikapundung = [r for r in rows if r["Outcome"] == "Revitalisation of the Cikapundung river"]
    assert [r["Outcome IRI"] for r in cikapundung] == [
        "https://w3id.org/sistercity/id/outcome/cikapundung-river-revitalisation"]
    assert {r["Dimension"] for r in rows} == {"Smart Government", "Smart Branding", "Smart Living",
                                              "Smart Environment"}


def test_markdown_links_labels_and_opens_with_the_answer(written: Path) -> None:
    text = (written / "07-outcomes.md").read_text(encoding="utf-8")
    assert "outcomes: Smart Government 5, Smart Branding 4, Smart Living 4, Smart Environment 2" in text
    assert ("[Revitalisation of the Cikapundung river]"
            "(<https://w3id.org/sistercity/id/outcome/cikapundung-river-revitalisation>)") in text
    assert "| Dimension | Outcome | Kind | Resulted from |" in text


def test_index_html_links_each_question_to_the_endpoint_query_page(written: Path) -> None:
    page = (written / "index.html").read_text(encoding="utf-8")
    questions = list_questions(CQ)
    assert page.count('<section id="q') == len(questions)
    assert TABEL_2 in page
    links = re.findall(r'class="run" href="([^"]+)"', page)
    assert len(links) == len(questions)
    first = urlsplit(links[0].replace("&amp;", "&"))
    fields = parse_qs(first.fragment)
    assert fields["query"] == [questions[0].text]
    assert fields["endpoint"] == ["http://127.0.0.1:7878/query"]
    assert not re.search(r'<(script|link|img)[^>]+(src|href)=', page)  # nothing fetched


def test_query_page_url_puts_query_and_endpoint_in_the_fragment() -> None:
    url = query_page_url("http://127.0.0.1:7878/", "SELECT * WHERE { ?s ?p ?o }")
    assert url.startswith("http://127.0.0.1:7878/#query=SELECT")
    assert parse_qs(urlsplit(url).fragment)["endpoint"] == ["http://127.0.0.1:7878/query"]


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (make system-deps installs it)")
def test_index_html_loads_in_chromium_without_console_messages(written: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path}",
         "--enable-logging=stderr", "--v=0", "--virtual-time-budget=4000", "--dump-dom",
         (written / "index.html").as_uri()], capture_output=True, text=True, timeout=120, check=True)
    assert [line for line in done.stderr.splitlines() if ":CONSOLE" in line] == []
    # the sorting script ran over every heading of every table
    assert done.stdout.count('aria-sort="none"') == len(re.findall(r"<th[ >]", done.stdout)) > 20
    assert TABEL_2 in done.stdout


# --- the pieces, on small inputs ---------------------------------------------------------------------

def test_variable_names_in_words() -> None:
    assert in_words("sourcePolicies") == "Source policies"
    assert in_words("worldListPartners") == "World list partners"
    assert in_words("countryA") == "Country A"
    assert in_words("amountAsStated") == "Amount as stated"


def test_compact_iri() -> None:
    assert compact("https://w3id.org/sistercity/id/city/id/bandung") == "id:city/id/bandung"
    assert compact("https://example.org/x") == "https://example.org/x"


def test_a_malformed_columns_line_names_file_and_line() -> None:
    with pytest.raises(QueryError, match=r"q\.rq:2: a `# columns:` entry reads NAME=VALUE"):
        presentation("# title: t\n# columns: transfer Transfer\n", where="q.rq")


def test_an_unknown_summary_function_is_an_error() -> None:
    rows = [[ox.Literal("a")], [ox.Literal("b")]]
    with pytest.raises(QueryError, match="unknown function 'average'"):
        readable(["x"], rows, text="# summary: {average x}\n")
    with pytest.raises(QueryError, match="no variable 'y'"):
        readable(["x"], rows, text="# summary: {count y}\n")
