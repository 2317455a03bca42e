"""`sistercity new study DIR`: write a ready study folder (module, shapes, case, sources, question)."""

from __future__ import annotations

from pathlib import Path

import click

from sistercity.build.scaffold import NewStudy, default_prefix, new_study
from sistercity.core.paths import project_root


@click.group("new")
def command() -> None:
    """Create a new thing from the project's templates (today: a study)."""


@command.command("study")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--slug", required=True, help="Short name (lower case, digits, hyphens): the case graph is graph:case/SLUG.")
@click.option("--title", required=True, help="The study's title, shown in views, reports and the manifest.")
@click.option("--namespace", required=True, help="IRI namespace of your module's terms, ending in # or / (not the core's).")
@click.option("--prefix", default=None, help="Prefix of that namespace (default: the slug's initials).")
@click.option("--author", "authors", multiple=True, help="An author (repeatable).")
@click.option("--licence", default="CC-BY-4.0", show_default=True, help="Licence of the study's data.")
def study(folder: Path, slug: str, title: str, namespace: str, prefix: str | None,
          authors: tuple[str, ...], licence: str) -> None:
    """Write FOLDER as a study: study.toml, module/SLUG.ttl and its shapes, case/, sources.ttl,
    queries/01-….rq and a README of what to edit next. It validates and builds as written:
    `sistercity build --study FOLDER`.

    Exit status: 0 written, 1 a bad slug, namespace or prefix, 2 FOLDER is not empty.
    """
    spec = NewStudy(slug=slug, title=title, namespace=namespace, prefix=prefix or default_prefix(slug),
                    authors=authors or ("Your Name",), licence=licence)
    written = new_study(folder, spec, root=project_root())
    for path in written:
        click.echo(f"  wrote {path}")
    click.echo(f"study {slug!r} in {folder}: edit {folder / 'README.md'} first steps, then "
               f"`sistercity build --study {folder}`")
