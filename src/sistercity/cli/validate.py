"""`sistercity validate FILE…`: check any Turtle/TriG file against the project's shapes."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rdflib import Graph

from sistercity.build import dataset as ds
from sistercity.core.errors import ValidationFailed
from sistercity.core.namespaces import G
from sistercity.build.validate import validate
from sistercity.core.paths import project_root


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--warnings-ok/--no-warnings-ok", default=True, show_default=True,
              help="Exit 0 when there are only warnings.")
@click.option("--limit", type=int, default=None, help="Show at most this many findings.")
def command(files: tuple[Path, ...], warnings_ok: bool, limit: int | None) -> None:
    """Validate FILES (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD) against the shapes,
    with the ontology and vocabularies for class hierarchy and concept schemes.

    Exit status: 0 conforms, 1 violations (or warnings with --no-warnings-ok), 2 usage error.
    """
    layout = ds.Layout(project_root())
    loaded = ds.load_dataset(layout)
    data = Graph()
    origins: dict = {}
    ds.load_files(data, files, origins)
    result = validate(data, shapes=loaded.graph(G.SHAPES),
                      ontology=loaded.union([G.ONTOLOGY, G.VOCAB]), origins=origins)
    click.echo(result.report(limit=limit))
    if not result.conforms(warnings_ok=warnings_ok):
        raise ValidationFailed(result.summary(), result)
    sys.exit(0)
