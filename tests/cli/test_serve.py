"""The SPARQL endpoint answers real HTTP SPARQL-protocol requests on the built graph, and its life
cycle is clean: a busy port is refused (exit 1), SIGTERM stops the Oxigraph child too."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from sistercity.build.pipeline import build
from sistercity.publish.query import list_questions, run
from sistercity.publish.built import load_built
from sistercity.publish.serve import free_port, query_page_url, start, starter_query

from .conftest import ROOT, copy_project, run_cli


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("serve") / "project")
    build(root, out=root / "dist", with_world=False)
    return root / "dist"


def ask(url: str, query: str) -> dict:
    request = urllib.request.Request(url, data=urllib.parse.urlencode({"query": query}).encode(),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def test_endpoint_answers_sparql_over_http(dist: Path) -> None:
    server = start(dist, port=free_port())
    try:
        answer = ask(server.endpoint.query_url, "PREFIX sc: <https://w3id.org/sistercity/ontology#> "
                     "SELECT ?g WHERE { ?g a sc:CityGovernment } ORDER BY ?g")
        governments = [b["g"]["value"] for b in answer["results"]["bindings"]]
        assert "https://w3id.org/sistercity/id/org/bandung-city-government" in governments
        assert "https://w3id.org/sistercity/id/org/seoul-metropolitan-government" in governments
        with urllib.request.urlopen(server.endpoint.base_url + "/", timeout=10) as page:
            assert b"yasgui" in page.read().lower()  # Oxigraph's query page
        starter = ask(server.endpoint.query_url, starter_query())
        assert {b["graph"]["value"] for b in starter["results"]["bindings"]} >= {
            "https://w3id.org/sistercity/graph/ontology", "https://w3id.org/sistercity/graph/case/bandung-seoul"}
    finally:
        server.stop()
    assert server.process.returncode is not None


def test_query_page_url_carries_the_query_in_the_fragment() -> None:
    url = query_page_url("http://127.0.0.1:7878/", "SELECT * WHERE { ?s ?p ?o } # a&b")
    base, fragment = url.split("#", 1)
    assert base == "http://127.0.0.1:7878/"
    fields = urllib.parse.parse_qs(fragment)
    assert fields == {"query": ["SELECT * WHERE { ?s ?p ?o } # a&b"], "endpoint": ["http://127.0.0.1:7878/query"]}


def test_busy_port_is_a_clear_error(dist: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        done = run_cli("serve", "--dist", str(dist), "--port", str(port))
    assert done.returncode == 1
    assert f"error: 127.0.0.1:{port} is in use" in done.stderr and "--port" in done.stderr
    assert "Traceback" not in done.stderr and "panicked" not in done.stderr


def test_sigterm_stops_the_server_child_too(dist: Path) -> None:
    port = free_port()
    env = dict(os.environ, SISTERCITY_ROOT=str(ROOT))
    serve = subprocess.Popen([sys.executable, "-m", "sistercity", "serve", "--dist", str(dist), "--port", str(port)],
                             stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert "SPARQL endpoint:" in serve.stderr.readline()
        children = subprocess.run(["pgrep", "-P", str(serve.pid)], capture_output=True, text=True).stdout.split()
        assert len(children) == 1
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=20) == 0
        deadline = time.monotonic() + 10
        while Path(f"/proc/{children[0]}").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        state = Path(f"/proc/{children[0]}/stat")
        assert not state.exists() or state.read_text().rsplit(")", 1)[1].split()[0] == "Z"
        with socket.socket() as probe:  # the port is free again (as a server binds it: TIME_WAIT allowed)
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(("127.0.0.1", port))
    finally:
        if serve.poll() is None:
            serve.kill()


GOVERNMENTS = ("PREFIX sc: <https://w3id.org/sistercity/ontology#> "
               "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { ?g a sc:CityGovernment }")


def send(method: str, url: str, body: bytes, content_type: str) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode()


def test_the_endpoint_refuses_every_write_and_keeps_the_graph(dist: Path) -> None:
    """The in-memory server behind the front is writable; users of the endpoint never are."""
    server = start(dist, port=free_port())
    try:
        base = server.endpoint.base_url
        before = ask(server.endpoint.query_url, GOVERNMENTS)["results"]["bindings"][0]["n"]["value"]
        assert int(before) >= 2
        delete = b"DELETE WHERE { ?s ?p ?o }"
        writes = [("POST", f"{base}/update", urllib.parse.urlencode({"update": delete.decode()}).encode(),
                   "application/x-www-form-urlencoded"),
                  ("POST", f"{base}/update", delete, "application/sparql-update"),
                  ("POST", f"{base}/store?default", b"<urn:a> <urn:b> <urn:c> .", "application/n-triples"),
                  ("PUT", f"{base}/store?default", b"<urn:a> <urn:b> <urn:c> .", "application/n-triples"),
                  ("DELETE", f"{base}/store?graph=https://w3id.org/sistercity/graph/ontology", b"", "text/plain")]
        for method, url, body, content_type in writes:
            status, said = send(method, url, body, content_type)
            assert (status, "read-only" in said) == (405, True), (method, url, status, said)
        after = ask(server.endpoint.query_url, GOVERNMENTS)["results"]["bindings"][0]["n"]["value"]
        assert after == before
        # Reads pass: a query by POST with a SPARQL body, and a Graph Store read.
        status, said = send("POST", server.endpoint.query_url, GOVERNMENTS.encode(), "application/sparql-query")
        assert status == 200 and before in said
        with urllib.request.urlopen(f"{base}/store?graph=https://w3id.org/sistercity/graph/shapes",
                                    timeout=30) as shapes:
            assert b"http://www.w3.org/ns/shacl#" in shapes.read()
    finally:
        server.stop()


def cell(value: str) -> str:
    """A cell with the parts of a GROUP_CONCAT sorted: SPARQL leaves their order to the store
    (Oxigraph's on-disk store and its in-memory one concatenate in different orders)."""
    return "|".join(sorted(re.split(r"; |, ", value)))


def rows_over_http(url: str, text: str) -> list[tuple[tuple[str, str], ...]]:
    answer = ask(url, text)
    variables = answer["head"]["vars"]
    return sorted(tuple((v, cell(b[v]["value"])) for v in variables if v in b)
                  for b in answer["results"]["bindings"])


@pytest.mark.slow
def test_every_question_gives_the_same_answer_over_http(world_dist: Path) -> None:
    store = load_built(world_dist)
    server = start(world_dist, port=free_port())
    try:
        for question in list_questions(ROOT / "queries" / "cq"):
            result = run(store, question)
            local = sorted(tuple((v, cell(t.value)) for v, t in zip(result.variables, row) if t is not None)
                           for row in result.rows)
            assert rows_over_http(server.endpoint.query_url, question.text) == local, question.path.name
            # 19 lists curated nodes without a source: empty on the real data by design
            assert local or question.number == "19", f"{question.path.name} answers nothing on the full build"
    finally:
        server.stop()


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h }"


def test_a_query_past_the_timeout_is_answered_and_its_work_really_stops(dist: Path) -> None:
    """An aggregate over a cross join, which Oxigraph does not interrupt, is answered 504 by the
    front once the timeout (and its margin) has passed; the front then replaces the server, so
    the process that was computing it is gone, and the endpoint goes on answering."""
    server = start(dist, port=free_port(), timeout_s=1)
    try:
        busy = server.process.pid
        status, said = send("POST", server.endpoint.query_url,
                            urllib.parse.urlencode({"query": RUNAWAY}).encode(),
                            "application/x-www-form-urlencoded")
        assert status == 504 and "timeout of 1 s" in said, (status, said)
        deadline = time.monotonic() + 120
        while server.restarts == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert server.restarts == 1 and server.process.pid != busy
        state = Path(f"/proc/{busy}/stat")  # the old server, reaped (or at most a zombie)
        assert not state.exists() or state.read_text().rsplit(")", 1)[1].split()[0] == "Z"
        answer = ask(server.endpoint.query_url, GOVERNMENTS)
        assert int(answer["results"]["bindings"][0]["n"]["value"]) >= 2
    finally:
        server.stop()
    assert server.process.returncode is not None
