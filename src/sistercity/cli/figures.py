"""`sistercity figures`: draw the figures of the built graph into dist/figures/ (PNG and SVG, with
an index page)."""

from __future__ import annotations

from pathlib import Path

import click

from sistercity.core.paths import project_root
from sistercity.publish.built import load_built, open_build
from sistercity.publish.figures import FIGURES_FOLDER, write_figures


@click.command("figures")
@click.option("--dist", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the built graph (default: ROOT/dist).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the figures (default: DIST/figures).")
def command(dist: Path | None, out: Path | None) -> None:
    """Draw the case timeline, outcomes by dimension, the world network's degree distribution,
    ties by distance, start decade and kind, the top country pairs and a world map of ties, each
    as PNG and SVG with its question and caption on DIST/figures/index.html.

    A build without the world lists gets the case figures only (the index says why). Exits 1 if
    there is no build.
    """
    base = dist or project_root() / "dist"
    built = open_build(base)
    run = write_figures(load_built(base), out=out or base / FIGURES_FOLDER,
                        with_world=built.with_world)
    count = len(run.figures)
    click.echo(f"drew {count} figure{'' if count == 1 else 's'} ({len(run.written)} files) in "
               f"{out or base / FIGURES_FOLDER}: " + ", ".join(f.name for f in run.figures))
    for reason in run.skipped:
        click.echo(f"not drawn: {reason}")
