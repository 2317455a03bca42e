"""`sistercity validate FILE…`: check Turtle/TriG files against the shapes, with what they refer to."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sistercity.build.validate_files import validate_files
from sistercity.core.errors import UsageError, ValidationFailed
from sistercity.core.paths import project_root


@click.command("validate")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--study", "studies", multiple=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A study folder whose module, shapes, sources and case to load (repeatable); "
                   "with no FILES, its case and sources files are validated.")
@click.option("--warnings-ok/--no-warnings-ok", default=True, show_default=True,
              help="Exit 0 when there are only warnings.")
@click.option("--limit", type=int, default=None, help="Show at most this many findings.")
def command(files: tuple[Path, ...], studies: tuple[Path, ...], warnings_ok: bool,
            limit: int | None) -> None:
    """Validate FILES (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD) against the shapes of
    the core and of the studies, with the ontology, vocabularies, sources, curated cases, the
    studies and the countries and world-list cities the files name loaded beside them. Terms no
    module defines are violations. Only findings about the files' own nodes are shown.

    Exit status: 0 conforms, 1 violations (or warnings with --no-warnings-ok), 2 usage error.
    """
    if not files and not studies:
        raise UsageError("give the files to validate, or --study DIR to validate a study's case and sources.")
    if not files:
        from sistercity.build.study import load_study

        files = tuple(p for folder in studies for s in [load_study(folder)]
                      for p in (*s.case_files, *s.source_files))
    result = validate_files(project_root(), files, studies=studies)
    click.echo(result.report(limit=limit))
    if not result.conforms(warnings_ok=warnings_ok):
        raise ValidationFailed(result.summary(), result)
    sys.exit(0)
