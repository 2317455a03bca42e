"""Push the built named graphs into another triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph of the build goes in its own ``PUT STORE?graph=IRI`` request, so publishing
again replaces every graph rather than adding to it, and a graph the store refuses leaves every
other graph as the store had it. The refused graph itself: Oxigraph's PUT is one transaction (the
graph keeps its old content); Virtuoso 7.2 empties the graph before it parses the upload, so a
graph it refuses is left empty (docs/publishing.md).
The graph travels as N-Triples, dumped by Oxigraph into a temporary file and streamed from it
(Content-Length known, so a digest challenge can be answered by sending the file again).
A graph of more triples than the batch (100,000 by default) travels in parts: a PUT of the first
part replaces the graph, a POST of each further part adds to it. One request of 115 MB (the world)
hangs Virtuoso 7.2 at random in a lock wait of its own loader threads, idle, never answering
(three of five runs of the world test); in parts of 100,000 triples, five of five passed. A graph with blank nodes is
never split: a blank node's label holds only within one request.

Credentials never come from the command line: ``SISTERCITY_PUBLISH_USER`` and
``SISTERCITY_PUBLISH_PASSWORD`` (or ``SISTERCITY_PUBLISH_TOKEN`` for a bearer token, as QLever
takes), else the netrc file (``$NETRC`` or ``~/.netrc``) entry of the store's host.
"""

from __future__ import annotations

import html
import itertools
import netrc
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from sistercity.core.errors import PublishError, UsageError
from sistercity.core.namespaces import GRAPH
from sistercity.publish.built import open_build

USER_VARIABLE = "SISTERCITY_PUBLISH_USER"
PASSWORD_VARIABLE = "SISTERCITY_PUBLISH_PASSWORD"
TOKEN_VARIABLE = "SISTERCITY_PUBLISH_TOKEN"
N_TRIPLES = "application/n-triples"
DEFAULT_BATCH = 100_000  # triples per request; 0 sends every graph whole


class Auth(str, Enum):
    """How to authenticate to the store."""

    AUTO = "auto"  # answer the scheme the store's 401 challenge names (Basic or Digest)
    BASIC = "basic"  # send the credentials with every request, unasked
    DIGEST = "digest"
    BEARER = "bearer"  # `Authorization: Bearer TOKEN` (QLever's access token)
    NONE = "none"


@dataclass(frozen=True)
class Credentials:
    """A user and password (or a token) and where they came from (never the password itself)."""

    user: str
    password: str
    origin: str


@dataclass(frozen=True)
class PlannedGraph:
    """A named graph of the build, with its size from the build's manifest."""

    iri: str
    triples: int


@dataclass(frozen=True)
class Upload:
    """What happened to one graph: the store's HTTP status and message, or why no answer came."""

    graph: PlannedGraph
    status: int | None
    message: str
    size: int
    seconds: float
    parts: int = 1  # requests the graph was sent in
    failed_part: int = 0  # the part the store refused (1-based), 0 if none

    @property
    def ok(self) -> bool:
        """Whether the store accepted the graph (2xx)."""
        return self.status is not None and 200 <= self.status < 300


@dataclass(frozen=True)
class PublishReport:
    """Every graph's upload, in the order sent."""

    store: str
    auth: str
    uploads: tuple[Upload, ...]

    @property
    def failed(self) -> tuple[Upload, ...]:
        """The graphs the store did not accept."""
        return tuple(u for u in self.uploads if not u.ok)


def short_name(iri: str) -> str:
    """A graph IRI without the project's graph namespace (``world``, ``case/bandung-seoul``)."""
    return iri[len(str(GRAPH)):] if iri.startswith(str(GRAPH)) else iri


def plan(dist: Path, *, graphs: Sequence[str] = ()) -> list[PlannedGraph]:
    """The named graphs of the build in ``dist`` to publish: all, or those ``graphs`` names.

    Args:
        graphs: full graph IRIs or short names (``world``, ``case/bandung-seoul``).

    Raises:
        BuildMissing: there is no build in ``dist``.
        UsageError: a name that is not a graph of the build (the message lists them).
    """
    counts: Mapping[str, int] = open_build(dist).manifest.get("graphs", {})
    every = [PlannedGraph(iri, int(n)) for iri, n in counts.items()]
    if not graphs:
        return every
    by_name = {g.iri: g for g in every} | {short_name(g.iri): g for g in every}
    unknown = [name for name in graphs if name not in by_name]
    if unknown:
        known = "\n".join(f"  {short_name(g.iri)}  ({g.triples:,} triples)" for g in every)
        raise UsageError(f"no graph {', '.join(map(repr, unknown))} in the build in {dist}. "
                         f"Its graphs:\n{known}")
    chosen = {by_name[name].iri for name in graphs}
    return [g for g in every if g.iri in chosen]


def find_credentials(store: str, *, environ: Mapping[str, str] | None = None) -> Credentials | None:
    """The credentials for ``store``: from the environment, else from the netrc entry of its host.

    Raises:
        PublishError: only one of user and password is set, or the netrc file does not parse.
    """
    env = os.environ if environ is None else environ
    if env.get(TOKEN_VARIABLE):
        return Credentials("", env[TOKEN_VARIABLE], f"${TOKEN_VARIABLE}")
    user, password = env.get(USER_VARIABLE), env.get(PASSWORD_VARIABLE)
    if user and password:
        return Credentials(user, password, f"${USER_VARIABLE} and ${PASSWORD_VARIABLE}")
    if user or password:
        missing = PASSWORD_VARIABLE if user else USER_VARIABLE
        raise PublishError(f"${USER_VARIABLE if user else PASSWORD_VARIABLE} is set but ${missing} is "
                           f"not: set both (or neither, to use the netrc file).")
    path = Path(env["NETRC"]) if env.get("NETRC") else Path.home() / ".netrc"
    if not path.is_file():
        return None
    host = urlsplit(store).hostname or ""
    try:
        entry = netrc.netrc(str(path)).authenticators(host)
    except netrc.NetrcParseError as exc:
        raise PublishError(f"{exc.filename}:{exc.lineno}: the netrc file does not parse ({exc.msg}); "
                           f"each entry reads `machine HOST login USER password PASSWORD`.") from None
    except OSError as exc:
        raise PublishError(f"{path}: cannot read the netrc file ({exc.strerror})") from None
    if entry is None or not entry[2]:
        return None
    return Credentials(entry[0] or "", entry[2], f"{path} (machine {host})")


def publish(dist: Path, store: str, *, graphs: Sequence[str] = (), auth: Auth = Auth.AUTO,
            credentials: Credentials | None = None, timeout: float = 600.0, batch: int = DEFAULT_BATCH,
            progress: Callable[[Upload], None] | None = None) -> PublishReport:
    """PUT every chosen named graph of the build in ``dist`` into the Graph Store at ``store``.

    Args:
        store: the store's Graph Store Protocol URL (``…/store`` for Oxigraph,
            ``…/sparql-graph-crud-auth`` for Virtuoso, ``…/DATASET/data`` for Fuseki).
        graphs: graph IRIs or short names; all graphs of the build when empty.
        auth: the authentication scheme; ``auto`` answers the store's challenge.
        credentials: user and password (or token); see ``find_credentials``.
        timeout: seconds to wait for the store to answer one request.
        batch: the most triples in one request; a larger graph (without blank nodes) goes as a
            PUT of its first part and a POST of each further one. 0: every graph in one PUT.
        progress: called after each graph with its upload.

    Raises:
        BuildMissing: no build in ``dist``.
        UsageError: an unknown graph name or a URL that is not http(s).
        PublishError: the store cannot be reached, or asks for credentials it was not given or
            refuses them (before any graph is sent).
    """
    chosen = plan(dist, graphs=graphs)
    if urlsplit(store).scheme not in ("http", "https"):
        raise UsageError(f"{store!r} is not an http(s) URL of a Graph Store (e.g. "
                         f"http://127.0.0.1:7878/store or http://HOST:8890/sparql-graph-crud-auth)")
    session = requests.Session()
    session.trust_env = False  # never pick up a netrc or proxy behind the user's back
    scheme = _authenticate(session, store, chosen[0].iri if chosen else "", auth, credentials)
    quads = open_build(dist).quads
    built = ox.Store()
    built.bulk_load(path=str(quads), format=ox.RdfFormat.N_QUADS)
    uploads = []
    with tempfile.TemporaryDirectory(prefix="sistercity-publish-") as scratch:
        for graph in chosen:
            upload = _put_graph(session, store, built, graph, Path(scratch), timeout, batch)
            uploads.append(upload)
            if progress:
                progress(upload)
    session.close()
    return PublishReport(store=store, auth=scheme, uploads=tuple(uploads))


def _authenticate(session: requests.Session, store: str, first_graph: str, auth: Auth,
                  credentials: Credentials | None) -> str:
    """Set the session's authentication; for a challenge, ask the store once with a HEAD request.

    Returns a description of the scheme used, for the report.
    """
    if auth is Auth.NONE:
        return "none"
    if auth in (Auth.BASIC, Auth.DIGEST, Auth.BEARER) and credentials is None:
        raise PublishError(f"--auth {auth.value} needs credentials: {_how_to_give(store, auth)}")
    if auth is Auth.BEARER:
        assert credentials is not None
        session.auth = _Bearer(credentials.password)
        return f"bearer token from {credentials.origin}"
    if auth is Auth.BASIC:
        assert credentials is not None
        session.auth = HTTPBasicAuth(credentials.user, credentials.password)
        return f"basic, user {credentials.user!r} from {credentials.origin}"
    answer = _head(session, store, first_graph)
    if answer.status_code != 401:
        if auth is Auth.DIGEST:
            raise PublishError(f"{store} did not ask for digest authentication (HTTP {answer.status_code} "
                               f"to a HEAD request); use --auth auto.")
        return "none (the store asked for none)"
    challenge = answer.headers.get("WWW-Authenticate", "")
    offered = challenge.split(None, 1)[0].lower() if challenge else ""
    if credentials is None:
        raise PublishError(f"{store} asks for credentials ({challenge or 'HTTP 401'}): "
                           f"{_how_to_give(store, auth)}")
    if offered == "basic" and auth is Auth.AUTO:
        session.auth = HTTPBasicAuth(credentials.user, credentials.password)
        described = f"basic, user {credentials.user!r} from {credentials.origin}"
    elif offered == "digest":
        session.auth = HTTPDigestAuth(credentials.user, credentials.password)
        described = f"digest, user {credentials.user!r} from {credentials.origin}"
    else:
        raise PublishError(f"{store} asks for an authentication scheme this tool does not speak "
                           f"({challenge!r}); basic, digest and bearer are supported.")
    # Asked again with the credentials: a refusal shows before any graph is sent, and a digest
    # nonce is then known, so the large PUTs go out authenticated the first time.
    again = _head(session, store, first_graph)
    if again.status_code in (401, 403):
        raise PublishError(f"{store} refused the credentials of user {credentials.user!r} from "
                           f"{credentials.origin} (HTTP {again.status_code}): check them.")
    return described


def _head(session: requests.Session, store: str, graph: str) -> requests.Response:
    try:
        return session.head(store, params={"graph": graph}, timeout=30)
    except requests.RequestException as exc:
        raise PublishError(f"cannot reach the store at {store}: {_reason(exc)}. Is it running, "
                           f"and is this its Graph Store Protocol URL?") from None


def _put_graph(session: requests.Session, store: str, built: ox.Store, graph: PlannedGraph,
               scratch: Path, timeout: float, batch: int) -> Upload:
    """Dump one graph to N-Triples and send it: one PUT, or a PUT and POSTs of ``batch`` triples each."""
    started = time.perf_counter()
    whole = scratch / "graph.nt"
    built.dump(output=str(whole), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph.iri))
    size = whole.stat().st_size
    try:
        parts = list(_parts(whole, scratch, batch)) if 0 < batch < graph.triples else [whole]
        for number, part in enumerate(parts, start=1):
            status, message = _send(session, "PUT" if number == 1 else "POST", store, graph.iri, part, timeout)
            part.unlink(missing_ok=True)
            if status is None or not 200 <= status < 300:
                if len(parts) > 1:
                    message = (f"part {number} of {len(parts)} ({batch:,} triples each) not taken, the "
                               f"graph holds the parts before it: {message}")
                return Upload(graph, status, message, size, time.perf_counter() - started, len(parts), number)
    finally:
        for leftover in scratch.glob("*.nt"):
            leftover.unlink()
    return Upload(graph, status, message, size, time.perf_counter() - started, len(parts))


def _parts(whole: Path, scratch: Path, batch: int) -> Iterator[Path]:
    """The N-Triples file cut into files of ``batch`` lines; the file itself if it has a blank node."""
    with whole.open("rb") as lines:
        if any(b"_:" in line for line in lines):  # a label shared across two requests would split the node
            yield whole
            return
    with whole.open("rb") as lines:
        number = 0
        while True:
            chunk = list(itertools.islice(lines, batch))
            if not chunk:
                return
            number += 1
            part = scratch / f"part-{number}.nt"
            part.write_bytes(b"".join(chunk))
            yield part


def _send(session: requests.Session, method: str, store: str, graph: str, body_file: Path,
          timeout: float) -> tuple[int | None, str]:
    """One PUT or POST of an N-Triples file, streamed; the store's status and message, or why none came."""
    try:
        with body_file.open("rb") as body:
            answer = session.request(method, store, params={"graph": graph}, data=body, timeout=(30, timeout),
                                     headers={"Content-Type": f"{N_TRIPLES}; charset=utf-8"})
        return answer.status_code, server_message(answer.text, answer.headers.get("Content-Type", ""))
    except requests.RequestException as exc:
        return None, _reason(exc)


def server_message(text: str, content_type: str, *, limit: int = 300) -> str:
    """The store's answer as one readable line: an HTML error page reduced to its text."""
    if "html" in content_type or text.lstrip().startswith("<"):
        found = re.search(r"<xmp>(.*?)</xmp>", text, re.DOTALL | re.IGNORECASE)  # Virtuoso's message
        text = found.group(1) if found else re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", " ", text,
                                                   flags=re.DOTALL | re.IGNORECASE)
        text = html.unescape(text)
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _reason(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.Timeout):
        return "no answer in time (timed out)"
    if isinstance(exc, requests.ConnectionError):
        return "connection failed (" + re.sub(r"^.*?\]\s*", "", str(exc.args[0] if exc.args else exc))[:200] + ")"
    return str(exc)[:200]


def _how_to_give(store: str, auth: Auth) -> str:
    host = urlsplit(store).hostname or "HOST"
    if auth is Auth.BEARER:
        return f"set ${TOKEN_VARIABLE}."
    return (f"set ${USER_VARIABLE} and ${PASSWORD_VARIABLE}, or add `machine {host} login USER password "
            f"PASSWORD` to ~/.netrc (or to the file $NETRC names). Credentials are never taken from "
            f"the command line.")


class _Bearer(AuthBase):
    """``Authorization: Bearer TOKEN`` on every request."""

    def __init__(self, token: str):
        self.token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request
