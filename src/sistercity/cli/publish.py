"""`sistercity publish URL`: upload the built named graphs to a triple store (Graph Store Protocol)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sistercity.core.paths import project_root
from sistercity.publish.graphstore import (DEFAULT_BATCH, PASSWORD_VARIABLE, TOKEN_VARIABLE, USER_VARIABLE, Auth,
                                           Upload, find_credentials, plan, publish, short_name)


@click.command("publish", epilog=(
    f"Credentials: ${USER_VARIABLE} and ${PASSWORD_VARIABLE} (or ${TOKEN_VARIABLE} for a bearer "
    "token), else the netrc entry of the store's host (~/.netrc, or the file $NETRC names); never on "
    "the command line. Stores: Oxigraph http://HOST:7878/store; Virtuoso "
    "http://HOST:8890/sparql-graph-crud-auth (digest); Fuseki http://HOST:3030/DATASET/data; QLever "
    "http://HOST:7001/ (bearer). See docs/publishing.md."))
@click.argument("url")
@click.option("--graph", "graphs", multiple=True, metavar="NAME",
              help="Publish only this graph (IRI or short name such as world, case/bandung-seoul); repeatable.")
@click.option("--auth", type=click.Choice([a.value for a in Auth]), default=Auth.AUTO.value,
              show_default=True, help="auto answers the store's challenge (basic or digest).")
@click.option("--timeout", type=click.FloatRange(min=1), default=600, show_default=True,
              help="Seconds to wait for the store to answer one request.")
@click.option("--batch", type=click.IntRange(min=0), default=DEFAULT_BATCH, show_default=True, metavar="TRIPLES",
              help="Most triples per request: a larger graph goes as a PUT of its first part and a POST of "
                   "each further one. 0 sends each graph in one PUT.")
@click.option("--dry-run", is_flag=True, help="List what would be sent, and where, without sending it.")
@click.option("--dist", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the built graph (default: ROOT/dist).")
def command(url: str, graphs: tuple[str, ...], auth: str, timeout: float, batch: int, dry_run: bool,
            dist: Path | None) -> None:
    """Upload every named graph of the build to the triple store whose SPARQL 1.1 Graph Store
    Protocol URL is URL, a `PUT URL?graph=IRI` per graph (then a POST per further part of a graph
    larger than --batch): publishing again replaces each graph, and a graph the store refuses is
    reported and leaves the other graphs as they were.
    Exits 1 if any graph failed."""
    folder = dist or project_root() / "dist"
    credentials = find_credentials(url)
    if dry_run:
        chosen = plan(folder, graphs=graphs)
        who = f"user {credentials.user!r} from {credentials.origin}" if credentials else "no credentials found"
        click.echo(f"would publish {len(chosen)} graph{'s' if len(chosen) != 1 else ''} "
                   f"({sum(g.triples for g in chosen):,} triples) to {url} (auth {auth}; {who}):")
        for graph in chosen:
            parts = -(-graph.triples // batch) if 0 < batch < graph.triples else 1
            how = f", in {parts} parts (PUT, then POST)" if parts > 1 else ""
            click.echo(f"  PUT ?graph={graph.iri}  {graph.triples:,} triples{how}")
        return

    def show(upload: Upload) -> None:
        status = upload.status if upload.status is not None else "---"
        line = (f"  {'ok  ' if upload.ok else 'FAIL'} {status}  {short_name(upload.graph.iri)}  "
                f"{upload.graph.triples:,} triples, {upload.size / 1e6:.1f} MB"
                f"{f' in {upload.parts} parts' if upload.parts > 1 else ''}, {upload.seconds:.1f} s")
        click.echo(line + ("" if upload.ok else f": {upload.message}"), err=not upload.ok)

    report = publish(folder, url, graphs=graphs, auth=Auth(auth), credentials=credentials,
                     timeout=timeout, batch=batch, progress=show)
    sent = [u for u in report.uploads if u.ok]
    triples = sum(u.graph.triples for u in sent)
    seconds = sum(u.seconds for u in report.uploads)
    if report.failed:
        names = ", ".join(short_name(u.graph.iri) for u in report.failed)
        click.echo(f"published {len(sent)} of {len(report.uploads)} graphs to {url}; {len(report.failed)} "
                   f"failed ({names}): the store keeps what it had for them, or the parts it took", err=True)
        sys.exit(1)
    click.echo(f"published {len(sent)} graph{'s' if len(sent) != 1 else ''} ({triples:,} triples) to {url} "
               f"in {seconds:.1f} s (auth: {report.auth})")
