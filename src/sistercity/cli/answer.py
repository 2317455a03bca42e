"""`sistercity answer`: answer every research question into dist/answers/."""

from __future__ import annotations

from pathlib import Path

import click

from sistercity.core.paths import project_root
from sistercity.publish.answers import DEFAULT_ENDPOINT, answer_all, write_answers
from sistercity.publish.built import load_built


@click.command("answer")
@click.option("--dist", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the built graph (default: ROOT/dist); answers go to DIST/answers.")
@click.option("--endpoint", default=DEFAULT_ENDPOINT, show_default=True, metavar="URL",
              help="Base URL of `sistercity serve`, for the index page's “run it in the endpoint” links.")
def command(dist: Path | None, endpoint: str) -> None:
    """Run every question in queries/cq/ on the built graph and write its answer, with headings in
    words, labels linked to their IRIs and a one-line summary, as CSV and Markdown to
    dist/answers/, with index.md and index.html (every question, its summary and its table)."""
    root = project_root()
    folder = dist or root / "dist"
    answers = answer_all(load_built(folder), root / "queries" / "cq")
    written = write_answers(answers, folder / "answers", endpoint=endpoint)
    slowest = max(answers, key=lambda a: a.seconds, default=None)
    click.echo(f"answered {len(answers)} questions into {folder / 'answers'} ({len(written)} files)"
               + (f"; slowest {slowest.question.number} in {slowest.seconds * 1000:.0f} ms" if slowest else ""))
