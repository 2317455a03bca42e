"""`sistercity docs`: HTML documentation of every term of the build in dist/docs/."""

from __future__ import annotations

from pathlib import Path

import click

from sistercity.core.paths import project_root
from sistercity.publish.built import load_built, open_build
from sistercity.publish.docs import write_docs


@click.command("docs")
@click.option("--dist", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the built graph (default: ROOT/dist); the pages go to DIST/docs.")
def command(dist: Path | None) -> None:
    """Write dist/docs/index.html: every class, property and SKOS scheme of the build (the core's
    modules and the studies'), with labels in every language, definitions, domain and range,
    super- and subterms, the shapes that constrain each term, usage counts in the built graph
    and an example from the data. One offline page; every term is one click from the next.

    Exits 1 when there is no build.
    """
    folder = dist or project_root() / "dist"
    page = write_docs(open_build(folder), load_built(folder), out=folder / "docs")
    click.echo(f"documented the build in {page}")
