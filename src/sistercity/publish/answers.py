"""Answer every research question on the built graph: dist/answers/NN-name.{csv,md}, index.md and
index.html, each answer with headings in words, labels linked to their IRIs and a summary line."""

from __future__ import annotations

import html
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from sistercity.core.io import write_text
from sistercity.publish.query import OutputFormat, Question, QueryResult, list_questions, run
from sistercity.publish.serve import query_page_url
from sistercity.publish.readable import (Cell, Readable, compact, readable, render_csv, render_markdown,
                                         render_text, unlabelled_iris)

DEFAULT_ENDPOINT = "http://127.0.0.1:7878"
LONG_TABLE = 25


@dataclass(frozen=True)
class Answer:
    """One question with its result, its readable form and how long the query took."""

    question: Question
    result: QueryResult
    seconds: float
    readable: Readable


def answer_all(store: ox.Store, folder: Path) -> list[Answer]:
    """Run every question in ``folder`` with its default parameters."""
    answers = []
    for question in list_questions(folder):
        started = time.perf_counter()
        result = run(store, question)
        seconds = time.perf_counter() - started
        answers.append(Answer(question, result, seconds, present(store, question, result)))
    return answers


def present(store: ox.Store, question: Question, result: QueryResult) -> Readable:
    """The readable form of a question's answer; labels of unlabelled IRIs come from ``store``."""
    if result.kind == "ask":
        said = "Yes." if result.boolean else "No."
        return Readable((), (), (), (), said, ("answer",), (("true" if result.boolean else "false",),))
    labels = lookup_labels(store, unlabelled_iris(result.variables, result.rows, question.text))
    return readable(result.variables, result.rows, text=question.text,
                    params={p.name for p in question.params}, labels=labels, where=question.path.name)


def render(answer: Readable, fmt: OutputFormat) -> str:
    """The readable answer as the CLI prints it: a text table or Markdown."""
    return render_markdown(answer) if fmt is OutputFormat.MARKDOWN else render_text(answer)


_LABELS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX sc:   <https://w3id.org/sistercity/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?iri (SAMPLE(?one) AS ?label) WHERE {
  VALUES ?iri { %s }
  OPTIONAL { ?iri rdfs:label ?en FILTER(lang(?en) = "en") }
  OPTIONAL { ?iri rdfs:label ?plain FILTER(lang(?plain) = "") }
  OPTIONAL { ?iri skos:prefLabel ?pref FILTER(lang(?pref) = "en") }
  OPTIONAL { ?iri sc:citedAs ?cited }
  OPTIONAL { ?iri dcterms:title ?title }
  BIND(COALESCE(?en, ?plain, ?pref, ?cited, ?title) AS ?one)
} GROUP BY ?iri
"""


def lookup_labels(store: ox.Store, iris: set[str]) -> dict[str, str]:
    """The English (or plain) label of each IRI that has one in the graph."""
    if not iris:
        return {}
    values = " ".join(f"<{iri}>" for iri in sorted(iris))
    found = store.query(_LABELS % values, use_default_graph_as_union=True)
    return {s["iri"].value: s["label"].value for s in found if s["label"] is not None}


def write_answers(answers: list[Answer], out: Path, *, endpoint: str = DEFAULT_ENDPOINT) -> list[Path]:
    """Write each answer as CSV and Markdown, and index.md and index.html linking them, atomically."""
    written = []
    index = ["# Research questions and their answers", "",
             "Answered on the built graph with each question's default parameters. "
             "[index.html](index.html) shows every answer on one page.", "",
             "| # | question | answer | source |", "|---|---|---|---|"]
    for answer in answers:
        q = answer.question
        stem = q.path.stem
        csv_path, md_path = out / f"{stem}.csv", out / f"{stem}.md"
        write_text(csv_path, render_csv(answer.readable))
        write_text(md_path, "\n".join([
            f"# {q.number}. {q.title}", "", f"**Question.** {q.question}", "",
            f"**Source.** {q.source}", "", f"**Parameters.** {_params(q)}", "",
            f"**Query.** [`queries/cq/{q.path.name}`](../../queries/cq/{q.path.name}) · "
            f"[run it in the endpoint](<{query_page_url(endpoint, q.text)}>) · [CSV]({csv_path.name})", "",
            render_markdown(answer.readable)]))
        written += [csv_path, md_path]
        summary = answer.readable.summary.replace("|", "\\|")
        index.append(f"| {q.number} | [{q.title}]({md_path.name}) — {q.question} | {summary} | {q.source} |")
    index_path = out / "index.md"
    write_text(index_path, "\n".join(index) + "\n")
    html_path = out / "index.html"
    write_text(html_path, index_html(answers, endpoint=endpoint))
    return written + [index_path, html_path]


def _params(q: Question) -> str:
    if not q.params:
        return "none"
    return ", ".join(f"`{p.name}` = {_param_value(p.default)}" for p in q.params)


def _param_value(default: str | None) -> str:
    if default is None:
        return "(no default)"
    value = default.strip()
    if value.startswith("<") and value.endswith(">"):
        return f"[`{compact(value[1:-1])}`](<{value[1:-1]}>)"
    return f"`{value}`"


# --- the one-page view ------------------------------------------------------------------------------

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1180px; padding: 1.5rem;
       color: #1d2430; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin: 2.2rem 0 .3rem; border-top: 1px solid #d5dae1;
       padding-top: 1rem; }
nav ol { columns: 2; font-size: .92rem; } .question { margin: .2rem 0; color: #333; }
.summary { font-weight: 600; margin: .5rem 0; } .meta { font-size: .85rem; color: #57606a; }
.shared { font-size: .9rem; margin: .3rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; margin: .5rem 0; }
th, td { border: 1px solid #d5dae1; padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #eef1f5; cursor: pointer; user-select: none; } th[aria-sort]::after { content: " ↕"; color: #999; }
tr:nth-child(even) td { background: #f8f9fb; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
a { color: #0b5cad; } .run { font-weight: 600; } details > summary { cursor: pointer; color: #0b5cad; margin: .4rem 0; }
"""

# Sorting by a click on a heading; numbers as numbers. Nothing is fetched.
_SCRIPT = """
document.querySelectorAll("table.answer").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (th, column) {
    th.setAttribute("aria-sort", "none");
    th.addEventListener("click", function () {
      var body = table.tBodies[0], rows = Array.from(body.rows);
      var up = th.getAttribute("aria-sort") !== "ascending";
      rows.sort(function (a, b) {
        var x = a.cells[column].textContent, y = b.cells[column].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return up ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
      table.querySelectorAll("th").forEach(function (other) { other.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
    });
  });
});
"""


def index_html(answers: list[Answer], *, endpoint: str = DEFAULT_ENDPOINT) -> str:
    """Every question on one page: the question, the summary, the table and a link to run it."""
    e = html.escape
    toc = "".join(f'<li><a href="#q{a.question.number}">{e(a.question.title)}</a></li>' for a in answers)
    sections = []
    for a in answers:
        q, r = a.question, a.readable
        shared = "".join(f"<span>{e(h)}: {_html_cell(c)}</span> · " for h, c in r.constants).rstrip(" · ")
        blank = f'<p class="shared">Not recorded for any row: {e(", ".join(r.blank))}</p>' if r.blank else ""
        table = ""
        if r.rows and r.headings:
            numeric = [all(_is_number(row[i].text) for row in r.rows if row[i].text) for i in range(len(r.headings))]
            head = "".join(f"<th>{e(h)}</th>" for h in r.headings)
            body = "".join("<tr>" + "".join(
                f'<td{" class=num" if numeric[i] else ""}>{_html_cell(c)}</td>' for i, c in enumerate(row))
                + "</tr>" for row in r.rows)
            table = f'<table class="answer"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
            if len(r.rows) > LONG_TABLE:  # a long table folds away, so the page reads question by question
                table = f"<details><summary>All {len(r.rows)} rows</summary>{table}</details>"
        sections.append(
            f'<section id="q{q.number}"><h2>{e(q.number)}. {e(q.title)}</h2>'
            f'<p class="question">{e(q.question)}</p>'
            f'<p class="summary">{e(r.summary)}</p>'
            + (f'<p class="shared">On every row: {shared}</p>' if shared else "") + blank + table
            + f'<p class="meta">Source: {e(q.source)} · Parameters: {e(_plain_params(q))} · '
              f'<a class="run" href="{e(query_page_url(endpoint, q.text))}">Run it in the endpoint</a> · '
              f'<a href="{e(q.path.stem)}.csv">CSV</a> · <a href="{e(q.path.stem)}.md">Markdown</a></p>'
              f'</section>')
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Sister City KG: research questions and their answers</title><style>{_STYLE}</style></head>"
            f"<body><h1>Research questions and their answers</h1>"
            f'<p>{len(answers)} questions answered on the built graph with their default parameters. '
            f'Each label links to its IRI; “Run it in the endpoint” opens the question in the query page '
            f'of <code>sistercity serve</code> at <code>{e(endpoint)}</code>, ready to run.</p>'
            f"<nav><ol>{toc}</ol></nav>{''.join(sections)}<script>{_SCRIPT}</script></body></html>\n")


def _html_cell(cell: Cell) -> str:
    if cell.iri:
        return f'<a href="{html.escape(cell.iri)}" title="{html.escape(cell.iri)}">{html.escape(cell.text)}</a>'
    return html.escape(cell.text)


def _plain_params(q: Question) -> str:
    if not q.params:
        return "none"
    return ", ".join(f"{p.name} = {compact(p.default.strip('<>')) if p.default else '(no default)'}"
                     for p in q.params)


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True

