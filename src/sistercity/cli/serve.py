"""`sistercity serve`: a SPARQL 1.1 endpoint over the built graph."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from sistercity.core.paths import project_root
from sistercity.publish.serve import DEFAULT_TIMEOUT_S, query_page_url, start, starter_query


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 to share it on your network).")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True,
              help="Port to listen on.")
@click.option("--timeout", "timeout_s", type=click.IntRange(min=1), default=DEFAULT_TIMEOUT_S,
              show_default=True, metavar="SECONDS",
              help="Stop a query that runs longer; an aggregate the server cannot interrupt is "
                   "answered 504 Gateway Timeout 5 s later, and the server is replaced by a fresh one.")
@click.option("--cors", is_flag=True,
              help="Allow web pages from other origins to query the endpoint (CORS headers).")
@click.option("--dist", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the built graph (default: ROOT/dist).")
def command(host: str, port: int, timeout_s: int, cors: bool, dist: Path | None) -> None:
    """Serve the built graph as a read-only SPARQL 1.1 endpoint (the Oxigraph server) at
    http://HOST:PORT/query, with the union of all named graphs as the default graph and the
    YASGUI query page at http://HOST:PORT/. Stop it with Ctrl-C (or SIGTERM). Exits 1 if the
    port is in use or the server cannot start."""
    server = start(dist or project_root() / "dist", host=host, port=port, timeout_s=timeout_s, cors=cors)
    endpoint = server.endpoint

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # SIGTERM ends the server as Ctrl-C does

    signal.signal(signal.SIGTERM, stop)
    click.echo(f"SPARQL endpoint: {endpoint.query_url}  (SPARQL 1.1 protocol: GET ?query=… or POST; "
               f"queries stop after {timeout_s} s{'; CORS allowed' if cors else ''})", err=True)
    click.echo(f"query page:      {endpoint.base_url}/  (YASGUI)", err=True)
    click.echo(f"with the project's prefixes: {query_page_url(endpoint.base_url, starter_query())}", err=True)
    click.echo("Ctrl-C stops it.", err=True)
    try:
        status = server.wait()
    except KeyboardInterrupt:
        status = 0
    finally:
        server.stop()
    if status != 0:
        click.echo(f"error: the SPARQL server stopped with status {status}", err=True)
        sys.exit(1)
