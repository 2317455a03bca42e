"""Answer every research question on the built graph: dist/answers/NN-name.{csv,md} and an index."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from sistercity.core.io import write_text
from sistercity.publish.query import OutputFormat, Question, QueryResult, format_result, list_questions, run


@dataclass(frozen=True)
class Answer:
    """One question with its result and how long it took."""

    question: Question
    result: QueryResult
    seconds: float


def answer_all(store: ox.Store, folder: Path) -> list[Answer]:
    """Run every question in ``folder`` with its default parameters."""
    answers = []
    for question in list_questions(folder):
        started = time.perf_counter()
        result = run(store, question)
        answers.append(Answer(question, result, time.perf_counter() - started))
    return answers


def write_answers(answers: list[Answer], out: Path) -> list[Path]:
    """Write each answer as CSV and Markdown, and an index page linking them, atomically."""
    written = []
    index = ["# Research questions and their answers", "",
             "Answered on the built graph with each question's default parameters.", "",
             "| # | question | rows | source |", "|---|---|---:|---|"]
    for answer in answers:
        q = answer.question
        stem = q.path.stem
        csv_path, md_path = out / f"{stem}.csv", out / f"{stem}.md"
        write_text(csv_path, format_result(answer.result, OutputFormat.CSV))
        params = ", ".join(f"`{p.name}` = {p.default}" for p in q.params) or "none"
        write_text(md_path, "\n".join([
            f"# {q.number}. {q.title}", "", f"**Question.** {q.question}", "",
            f"**Source.** {q.source}", "", f"**Parameters.** {params}", "",
            f"**Query.** [`queries/cq/{q.path.name}`](../../queries/cq/{q.path.name})", "",
            format_result(answer.result, OutputFormat.MARKDOWN)]))
        written += [csv_path, md_path]
        rows = "yes" if answer.result.boolean else ("no" if answer.result.kind == "ask" else len(answer.result.rows))
        index.append(f"| {q.number} | [{q.title}]({md_path.name}) — {q.question} | {rows} | {q.source} |")
    index_path = out / "index.md"
    write_text(index_path, "\n".join(index) + "\n")
    return written + [index_path]
