"""`sistercity questions`: list the research questions."""

from __future__ import annotations

import click

from sistercity.build.study import study_queries
from sistercity.core.paths import project_root
from sistercity.publish.query import list_questions


@click.command("questions")
@click.option("--verbose", "-v", is_flag=True,
              help="Also show each question's source, parameters and what it needs beyond the curated data.")
def command(verbose: bool) -> None:
    """List every research question (the core's, then each study's): number, title, the question
    in plain words, its source."""
    root = project_root()
    for q in list_questions(root / "queries" / "cq", studies=study_queries(root, dist=root / "dist")):
        click.echo(f"{q.number}  {q.title}")
        click.echo(f"    {q.question}")
        if verbose:
            click.echo(f"    source: {q.source}")
            for p in q.params:
                click.echo(f"    param:  {p.name} ({p.type.value}, default {p.default})")
            if q.needs:
                click.echo(f"    needs:  {', '.join(q.needs)} (the world twinning lists: a full build)")
