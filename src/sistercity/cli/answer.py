"""`sistercity answer`: answer every research question into dist/answers/."""

from __future__ import annotations

from pathlib import Path

import click

from sistercity.publish.answers import answer_all, write_answers
from sistercity.core.paths import project_root
from sistercity.publish.built import load_built


@click.command("answer")
@click.option("--dist", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the built graph (default: ROOT/dist); answers go to DIST/answers.")
def command(dist: Path | None) -> None:
    """Run every question in queries/cq/ on the built graph and write its answer as CSV and
    Markdown to dist/answers/, with an index page."""
    root = project_root()
    folder = dist or root / "dist"
    answers = answer_all(load_built(folder), root / "queries" / "cq")
    written = write_answers(answers, folder / "answers")
    slowest = max(answers, key=lambda a: a.seconds, default=None)
    click.echo(f"answered {len(answers)} questions into {folder / 'answers'} ({len(written)} files)"
               + (f"; slowest {slowest.question.number} in {slowest.seconds * 1000:.0f} ms" if slowest else ""))
