"""`sistercity query NN|FILE.rq`: run a research question on the built graph."""

from __future__ import annotations

from pathlib import Path

import click

from sistercity.core.errors import UsageError
from sistercity.core.paths import project_root
from sistercity.publish.query import OutputFormat, find_question, format_result, run
from sistercity.publish.answers import present, render
from sistercity.publish.built import load_built


@click.command("query")
@click.argument("ref")
@click.option("--format", "fmt", type=click.Choice([f.value for f in OutputFormat]), default="table",
              show_default=True, help="Output format.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Fill a declared parameter, e.g. --param city=id:city/id/bandung (repeatable).")
@click.option("--dist", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the built graph (default: ROOT/dist).")
def command(ref: str, fmt: str, params: tuple[str, ...], dist: Path | None) -> None:
    """Run question REF (a number from `sistercity questions`, or a path to any .rq file)
    on the built graph and print the answer."""
    root = project_root()
    question = find_question(ref, root / "queries" / "cq")
    values = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--param takes NAME=VALUE; got {item!r}")
        values[name.strip()] = value
    store = load_built(dist or root / "dist")
    result, output = run(store, question, params=values), OutputFormat(fmt)
    if output in (OutputFormat.TABLE, OutputFormat.MARKDOWN):  # read as dist/answers/ reads
        click.echo(render(present(store, question, result), output), nl=False)
    else:
        click.echo(format_result(result, output), nl=False)
