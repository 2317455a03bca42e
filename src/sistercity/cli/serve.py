"""`sistercity serve`: a SPARQL 1.1 endpoint over the built graph."""

from __future__ import annotations

from pathlib import Path

import click

from sistercity.core.paths import project_root
from sistercity.publish.serve import start


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=7878, show_default=True, help="Port to listen on.")
@click.option("--dist", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the built graph (default: ROOT/dist).")
def command(host: str, port: int, dist: Path | None) -> None:
    """Serve the built graph as a read-only SPARQL 1.1 endpoint (Oxigraph server) at
    http://HOST:PORT/query, with the union of all named graphs as the default graph.
    Stop it with Ctrl-C."""
    endpoint, process = start(dist or project_root() / "dist", host=host, port=port)
    click.echo(f"SPARQL endpoint: {endpoint.query_url}  (SPARQL 1.1 protocol: GET ?query=… or POST)",
               err=True)
    try:
        process.wait()
    except KeyboardInterrupt:
        process.terminate()
        process.wait()
