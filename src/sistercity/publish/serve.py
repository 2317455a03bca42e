"""A SPARQL 1.1 endpoint over the built graph: the Oxigraph server, as a child process, behind a
read-only front.

The `oxigraph` server binary (PyPI package ``oxigraph``) runs with an in-memory store on a
private port of 127.0.0.1, loaded with the build's N-Quads at start (about 4 s for the full
graph), with the union of all named graphs as the default graph, so the research questions run
unchanged; :mod:`sistercity.publish.readonly` serves it on ``http://HOST:PORT/`` and refuses every
write. In memory, the heaviest questions answer over HTTP within about 1.1× of `sistercity query`;
Oxigraph's on-disk store (its only read-only mode) made them 4–8× slower.

A query that runs longer than the timeout is stopped by the server (``--timeout-s``) when it
streams results; an aggregate it cannot interrupt (its threads cannot be cancelled,
oxigraph/oxigraph#1336) is answered 504 by the front, which then starts a fresh server, loads the
build into it, points the front at it and stops the old one, so that the work really stops. The
child dies with its parent (Linux: ``PR_SET_PDEATHSIG``), so a killed ``sistercity serve`` never
leaves a server behind.
"""

from __future__ import annotations

import ctypes
import http.client
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from sistercity.core.errors import SisterCityError
from sistercity.core.namespaces import PREFIXES
from sistercity.publish.built import open_build
from sistercity.publish.readonly import ReadOnlyFront

DEFAULT_TIMEOUT_S = 30
# The prefixes a starter query declares (the project's own first, then the W3C ones it reuses).
STARTER_PREFIXES = ("sc", "id", "vocab", "graph", "rdf", "rdfs", "owl", "xsd", "skos", "prov",
                    "dcterms", "schema")


class EndpointError(SisterCityError):
    """The endpoint cannot start (port in use, server binary missing, server exits at start)."""


@dataclass(frozen=True)
class Endpoint:
    """Where the endpoint listens, what it serves and how."""

    quads: Path  # the build's N-Quads
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

    def command(self, private_port: int) -> list[str]:
        """The command line of the Oxigraph server behind the front (in memory, on 127.0.0.1)."""
        command = [server_binary(), "serve", "--bind", f"127.0.0.1:{private_port}",
                   "--union-default-graph", "--timeout-s", str(self.timeout_s)]
        return command + (["--cors"] if self.cors else [])


@dataclass
class Server:
    """A running endpoint: the Oxigraph child process, the front, and where it listens."""

    endpoint: Endpoint
    process: subprocess.Popen[bytes]
    log: IO[bytes] = field(repr=False)
    front: ReadOnlyFront | None = None
    restarts: int = 0  # servers replaced after a query that ran past the timeout
    _swap: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _restarting: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _wanted: threading.Event = field(default_factory=threading.Event, repr=False)
    _stopping: bool = False

    def request_restart(self) -> None:
        """Ask the supervisor thread for a fresh server (what the front does after a timeout)."""
        self._wanted.set()

    def supervise(self) -> None:
        """Restart the server whenever asked, until stopped. Runs in one long-lived thread: the
        servers it starts get SIGTERM when the thread that started them ends (PR_SET_PDEATHSIG
        follows the thread), so a short-lived thread's server would die with it."""
        while True:
            self._wanted.wait()
            if self._stopping:
                return
            self._wanted.clear()
            self.restart()

    def wait(self) -> int:
        """Wait until the server exits (not when a restart replaces it); its exit status."""
        while True:
            process = self.process
            status = process.wait()
            with self._swap:
                if self.process is process:
                    return status

    def restart(self, ready_within_s: float = 120.0) -> None:
        """Replace the server by a fresh one with the build loaded, then stop the old one (and
        whatever it still computes). A restart already under way makes this a no-op."""
        if not self._restarting.acquire(blocking=False):
            return
        try:
            process, port = _spawn(self.endpoint, self.log, ready_within_s)
            with self._swap:
                if self._stopping or self.front is None:
                    _terminate(process)
                    return
                old, self.process = self.process, process
                self.front.target = ("127.0.0.1", port)
                self.restarts += 1
            _terminate(old)
        except EndpointError:
            pass  # the old server goes on answering; the next runaway query tries again
        finally:
            self._restarting.release()

    def stop(self, grace_s: float = 10.0) -> None:
        """Stop the front, then the server (SIGTERM, then SIGKILL after ``grace_s``), and wait."""
        with self._swap:
            self._stopping = True
            front, self.front = self.front, None
        self._wanted.set()  # the supervisor thread ends
        if front is not None:
            front.shutdown()
            front.server_close()
        with self._restarting:  # a restart under way finishes (and sees it is stopping)
            _terminate(self.process, grace_s)
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
          cors: bool = False, ready_within_s: float = 120.0) -> Server:
    """Start the server, load the build into it, open the read-only front on ``host:port`` and
    return when it answers; the caller stops it.

    Raises:
        BuildMissing: there is no build yet.
        EndpointError: the port is in use, or the server exits, refuses the build or does not
            answer at start.
    """
    check_port(host, port)
    endpoint = Endpoint(open_build(dist).quads, host, port, timeout_s, cors)
    log = tempfile.TemporaryFile()
    process, private = _spawn(endpoint, log, ready_within_s)
    server = Server(endpoint, process, log)
    try:
        try:
            server.front = ReadOnlyFront(host, port, ("127.0.0.1", private), timeout_s,
                                         on_timeout=server.request_restart)
        except OSError as exc:  # taken since check_port looked
            raise EndpointError(f"{host}:{port} cannot be bound ({exc.strerror}): choose another "
                                "port with --port.") from None
        server.front.serve_in_background()
        threading.Thread(target=server.supervise, name="server supervisor", daemon=True).start()
    except BaseException:
        server.stop()
        raise
    return server


def _spawn(endpoint: Endpoint, log: IO[bytes], ready_within_s: float) -> tuple[subprocess.Popen[bytes], int]:
    """Start an in-memory Oxigraph server on a free private port, wait until it answers and
    load the build into it; the process and its port.

    Raises:
        EndpointError: the server exits, refuses the build or does not answer in time.
    """
    private = free_port()
    process = subprocess.Popen(endpoint.command(private), stdin=subprocess.DEVNULL, stdout=log,
                               stderr=log, preexec_fn=_die_with_parent if sys.platform == "linux" else None)
    try:
        deadline = time.monotonic() + ready_within_s
        while not _answers(f"http://127.0.0.1:{private}/query"):
            if process.poll() is not None or time.monotonic() > deadline:
                state = f"exited with status {process.returncode}" if process.returncode is not None \
                    else f"did not answer within {ready_within_s:.0f} s"
                log.flush()
                log.seek(0)
                said = _last_lines(log.read().decode("utf-8", "replace"))
                raise EndpointError(f"the SPARQL server {state} at start"
                                    + (f"; it said:\n{said}" if said else ""))
            time.sleep(0.1)
        _load(private, endpoint.quads, ready_within_s)
    except BaseException:
        _terminate(process)
        raise
    return process, private


def _terminate(process: subprocess.Popen[bytes], grace_s: float = 10.0) -> None:
    """Stop a server process (SIGTERM, then SIGKILL after ``grace_s``) and reap it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on now (the server behind the front, a benchmark's endpoint)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _load(port: int, quads: Path, timeout_s: float) -> None:
    """Send the build's N-Quads to the in-memory server (Graph Store protocol, POST /store).

    Raises:
        EndpointError: the server refuses them.
    """
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout_s)
    try:
        with quads.open("rb") as body:
            connection.request("POST", "/store", body=body, headers={
                "Content-Type": "application/n-quads", "Content-Length": str(quads.stat().st_size)})
            response = connection.getresponse()
            said = response.read().decode("utf-8", "replace")
    except OSError as exc:
        raise EndpointError(f"the SPARQL server did not take the build ({quads}): {exc}") from None
    finally:
        connection.close()
    if response.status >= 300:
        raise EndpointError(f"the SPARQL server refused the build ({quads}): {response.status} "
                            f"{said[:500]}\n  Rebuild with `sistercity build`.")


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


def _answers(query_url: str) -> bool:
    """Whether the server at ``query_url`` answers a trivial query."""
    url = query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
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
