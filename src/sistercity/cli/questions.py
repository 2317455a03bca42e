"""`sistercity questions`: list the research questions."""

from __future__ import annotations

import click

from sistercity.core.paths import project_root
from sistercity.publish.query import list_questions


@click.command("questions")
@click.option("--verbose", "-v", is_flag=True, help="Also show each question's source and parameters.")
def command(verbose: bool) -> None:
    """List every research question: number, title, the question in plain words, its source."""
    for q in list_questions(project_root() / "queries" / "cq"):
        click.echo(f"{q.number}  {q.title}")
        click.echo(f"    {q.question}")
        if verbose:
            click.echo(f"    source: {q.source}")
            for p in q.params:
                click.echo(f"    param:  {p.name} ({p.type.value}, default {p.default})")
