"""`sistercity query NN|FILE.rq`: run a research question on the built graph."""

from __future__ import annotations

from pathlib import Path

import click

from sistercity.build.study import study_queries
from sistercity.core.errors import UsageError
from sistercity.core.paths import project_root
from sistercity.publish.answers import present, render
from sistercity.publish.built import load_built
from sistercity.publish.query import OutputFormat, check_params, find_question, format_result, run


@click.command("query")
@click.argument("ref")
@click.option("--format", "fmt", type=click.Choice([f.value for f in OutputFormat]), default="table",
              show_default=True, help="Output format.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Fill a declared parameter, e.g. --param city=id:city/id/bandung (repeatable); "
                   "it replaces the default's VALUES block, bound as a typed RDF term.")
@click.option("--dist", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the built graph (default: ROOT/dist).")
def command(ref: str, fmt: str, params: tuple[str, ...], dist: Path | None) -> None:
    """Run question REF (a number from `sistercity questions`, or a path to any .rq file)
    on the built graph and print the answer. Exits 2 on a usage error (unknown question or
    parameter, a value of the wrong type), 1 on a data error (no build, a build without the world
    lists for a question that reads them, a query that does not parse)."""
    root = project_root()
    folder = dist or root / "dist"
    question = find_question(ref, root / "queries" / "cq", studies=study_queries(root, dist=folder))
    values = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--param takes NAME=VALUE; got {item!r}")
        values[name.strip()] = value
    check_params(question, values)  # usage errors before the graph is loaded (names need the graph)
    store = load_built(folder, needs_world=question.needs_world,
                       purpose=f"question {question.number or question.path.name} ({question.title})")
    result, output = run(store, question, params=values), OutputFormat(fmt)
    if output in (OutputFormat.TABLE, OutputFormat.MARKDOWN):  # read as dist/answers/ reads
        click.echo(render(present(store, question, result), output), nl=False)
    else:
        click.echo(format_result(result, output), nl=False)
