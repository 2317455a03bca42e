"""A real SPARQL 1.1 endpoint over the built graph: the Oxigraph server, read-only.

The built N-Quads are bulk-loaded once into an on-disk Oxigraph store under ``dist/store/``
(reloaded when the build is newer); the `oxigraph` server binary (PyPI package ``oxigraph``)
then serves it read-only with the union of all named graphs as the default graph, so the
research questions run unchanged against ``http://HOST:PORT/query``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from sistercity.core.errors import SisterCityError
from sistercity.publish.built import open_build

STORE_FOLDER = "store"


@dataclass(frozen=True)
class Endpoint:
    """Where the endpoint listens and what it serves."""

    location: Path
    host: str
    port: int

    @property
    def query_url(self) -> str:
        """The SPARQL query URL (GET ?query=… or POST)."""
        return f"http://{self.host}:{self.port}/query"

    def command(self) -> list[str]:
        """The server's command line."""
        return [server_binary(), "serve-read-only", "--location", str(self.location),
                "--bind", f"{self.host}:{self.port}", "--union-default-graph", "--cors"]


def server_binary() -> str:
    """The path of the `oxigraph` server binary installed with the package.

    Raises:
        SisterCityError: the binary is missing (reinstall with `pip install -e .`).
    """
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise SisterCityError("the `oxigraph` server binary is missing: run `make run` or "
                              "`pip install oxigraph` in the project's environment.")
    return found


def prepare_store(dist: Path) -> Path:
    """Bulk-load dist/sistercity.nq into the on-disk store dist/store/, unless it is up to date.

    Raises:
        BuildMissing: there is no build yet.
    """
    quads = open_build(dist).quads
    location = dist / STORE_FOLDER
    stamp = location / ".loaded-from"
    if stamp.exists() and stamp.stat().st_mtime >= quads.stat().st_mtime:
        return location
    staging = dist / f".{STORE_FOLDER}-loading"
    shutil.rmtree(staging, ignore_errors=True)
    store = ox.Store(str(staging))
    store.bulk_load(path=str(quads), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store  # closes the database before the server opens it
    (staging / ".loaded-from").write_text(str(quads))
    shutil.rmtree(location, ignore_errors=True)
    staging.rename(location)
    return location


def start(dist: Path, *, host: str = "127.0.0.1", port: int = 7878) -> tuple[Endpoint, subprocess.Popen[bytes]]:
    """Prepare the store and start the server process; the caller stops it (``terminate()``)."""
    endpoint = Endpoint(prepare_store(dist), host, port)
    return endpoint, subprocess.Popen(endpoint.command())
