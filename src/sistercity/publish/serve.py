"""A SPARQL 1.1 endpoint over the built graph: the Oxigraph server, read-only, as a child process.

The built N-Quads are bulk-loaded once into an on-disk Oxigraph store under ``dist/store/``
(reloaded when the build is newer); the `oxigraph` server binary (PyPI package ``oxigraph``)
then serves it read-only with the union of all named graphs as the default graph, so the
research questions run unchanged against ``http://HOST:PORT/query``; its YASGUI query page is
at ``http://HOST:PORT/``. A query that runs longer than the timeout is stopped by the server
(``--timeout-s``), not only abandoned by the client. The child dies with its parent (Linux:
``PR_SET_PDEATHSIG``), so a killed ``sistercity serve`` never leaves a server on the port.
"""

from __future__ import annotations

import ctypes
import signal
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from sistercity.core.errors import SisterCityError
from sistercity.core.namespaces import PREFIXES
from sistercity.publish.built import open_build

STORE_FOLDER = "store"
DEFAULT_TIMEOUT_S = 30
# The prefixes a starter query declares (the project's own first, then the W3C ones it reuses).
STARTER_PREFIXES = ("sc", "id", "vocab", "graph", "rdf", "rdfs", "owl", "xsd", "skos", "prov",
                    "dcterms", "schema")


class EndpointError(SisterCityError):
    """The endpoint cannot start (port in use, server binary missing, server exits at start)."""


@dataclass(frozen=True)
class Endpoint:
    """Where the endpoint listens, what it serves and how."""

    location: Path
    host: str
    port: int
    timeout_s: int = DEFAULT_TIMEOUT_S
    cors: bool = False

    @property
    def base_url(self) -> str:
        """The server's address; its YASGUI query page is served there."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def query_url(self) -> str:
        """The SPARQL query URL (GET ?query=… or POST)."""
        return f"{self.base_url}/query"

    def command(self) -> list[str]:
        """The server's command line."""
        command = [server_binary(), "serve-read-only", "--location", str(self.location),
                   "--bind", f"{self.host}:{self.port}", "--union-default-graph",
                   "--timeout-s", str(self.timeout_s)]
        return command + (["--cors"] if self.cors else [])


@dataclass
class Server:
    """A running endpoint: the Oxigraph child process and where it listens."""

    endpoint: Endpoint
    process: subprocess.Popen[bytes]
    log: IO[bytes] = field(repr=False)

    def wait(self) -> int:
        """Wait until the server exits; its exit status."""
        return self.process.wait()

    def stop(self, grace_s: float = 10.0) -> None:
        """Stop the server (SIGTERM, then SIGKILL after ``grace_s``) and wait for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=grace_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def output(self) -> str:
        """What the server printed on its standard error so far."""
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")


def server_binary() -> str:
    """The path of the `oxigraph` server binary installed with the package.

    Raises:
        EndpointError: the binary is missing (reinstall with `pip install -e .`).
    """
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise EndpointError("the `oxigraph` server binary is missing: run `make run` or "
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


def check_port(host: str, port: int) -> None:
    """Refuse a port another program listens on, before the server is started.

    Raises:
        EndpointError: the address is in use or cannot be bound here.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            busy = exc.errno in (98, 48, 10048)  # EADDRINUSE on Linux, macOS, Windows
            why = "is in use (another server, or an earlier `sistercity serve`?)" if busy else \
                f"cannot be bound ({exc.strerror})"
            raise EndpointError(f"{host}:{port} {why}: choose another port with --port, or stop the "
                                f"program that holds it (`ss -ltnp 'sport = :{port}'` shows it).") from None


def start(dist: Path, *, host: str = "127.0.0.1", port: int = 7878, timeout_s: int = DEFAULT_TIMEOUT_S,
          cors: bool = False, ready_within_s: float = 60.0) -> Server:
    """Prepare the store, start the server and wait until it answers; the caller stops it.

    Raises:
        BuildMissing: there is no build yet.
        EndpointError: the port is in use, or the server exits or does not answer at start.
    """
    check_port(host, port)
    endpoint = Endpoint(prepare_store(dist), host, port, timeout_s, cors)
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(endpoint.command(), stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                               preexec_fn=_die_with_parent if sys.platform == "linux" else None)
    server = Server(endpoint, process, log)
    deadline = time.monotonic() + ready_within_s
    while not _answers(endpoint):
        if process.poll() is not None or time.monotonic() > deadline:
            said = _last_lines(server.output())
            server.stop()
            state = f"exited with status {process.returncode}" if process.returncode is not None \
                else f"did not answer within {ready_within_s:.0f} s"
            raise EndpointError(f"the SPARQL server {state} at start ({endpoint.base_url})"
                                + (f"; it said:\n{said}" if said else ""))
        time.sleep(0.1)
    return server


def query_page_url(base_url: str, query_text: str) -> str:
    """The endpoint's query page (Oxigraph's YASGUI at ``/``) with ``query_text`` ready to run.

    YASGUI reads ``query`` and ``endpoint`` from the fragment (not the query string: Oxigraph's
    page takes its own address, query string included, as the endpoint's base); a fragment never
    reaches the server.

    >>> query_page_url("http://127.0.0.1:7878/", "ASK { ?s ?p ?o }")
    'http://127.0.0.1:7878/#query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D&endpoint=http%3A%2F%2F127.0.0.1%3A7878%2Fquery'
    """
    base = base_url.rstrip("/")
    quote = urllib.parse.quote
    return f"{base}/#query={quote(query_text, safe='')}&endpoint={quote(base + '/query', safe='')}"


def starter_query() -> str:
    """A first query with the project's prefixes declared: Oxigraph's server has no default
    prefixes (a query must declare its own), so the query page is opened with these."""
    width = max(len(name) for name in STARTER_PREFIXES) + 1
    lines = [f"PREFIX {name + ':':<{width}} <{PREFIXES[name]}>" for name in STARTER_PREFIXES]
    return "\n".join(lines + ["", "# the named graphs and their sizes",
                              "SELECT ?graph (COUNT(*) AS ?triples)",
                              "WHERE { GRAPH ?graph { ?s ?p ?o } }",
                              "GROUP BY ?graph ORDER BY DESC(?triples)", ""])


def _answers(endpoint: Endpoint) -> bool:
    """Whether the server answers a trivial query."""
    url = endpoint.query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to send SIGTERM when the parent dies (PR_SET_PDEATHSIG)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG


def _last_lines(text: str, keep: int = 3) -> str:
    """The last lines of a server's output that say something (a Rust backtrace note left out)."""
    lines = [line for line in text.splitlines() if line.strip() and "RUST_BACKTRACE" not in line]
    return "\n".join("  " + line for line in lines[-keep:])
