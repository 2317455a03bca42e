"""`sistercity publish URL` against real stores the tests start on 127.0.0.1 and stop: a writable
Oxigraph server and Virtuoso Open Source (digest auth at /sparql-graph-crud-auth). After
publishing, every research question sent to the store gives the answer `sistercity query` gives."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import requests
from rdflib.compare import isomorphic

from sistercity.publish.built import load_built
from sistercity.publish.query import list_questions, run
from sistercity.publish.serve import free_port

from .conftest import ROOT, run_cli

CQ = ROOT / "queries" / "cq"
GRAPH = "https://w3id.org/sistercity/graph/"
VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")
OXIGRAPH = Path(sys.executable).parent / "oxigraph"
# Questions Virtuoso 7.2 answers differently on the world graph, with the error it gives. None since
# question 16 asks for one city by default (a VALUES block): over the whole network its
# GROUP_CONCAT of shared partners outgrew Virtuoso's temporary column (SR319). Asserted, so that a
# new difference is noticed; docs/publishing.md lists what differs.
VIRTUOSO_REFUSES: dict[str, str] = {}


def wait_for(url: str, process: subprocess.Popen, seconds: float) -> None:
    """Poll ``url`` until it answers (any HTTP status), or fail with the server's output."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped (exit {process.returncode})")
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer in {seconds} s")


def stop(process: subprocess.Popen) -> None:
    """Stop a server the tests started, and wait for it."""
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A writable Oxigraph server (union default graph), as its base URL."""
    port = free_port()
    process = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(tmp_path_factory.mktemp("oxi")),
                                "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/", process, 60)
        yield base
    finally:
        stop(process)


VIRTUOSO_INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CheckpointInterval = 0
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {db}
ServerThreads = 4
MaxClientConnections = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
MaxQueryCostEstimationTime = 0
"""


@contextlib.contextmanager
def running_virtuoso(folder: Path) -> Iterator[str]:
    """Virtuoso Open Source on an empty database in ``folder``, with an ini of its own and a user
    `sistercity` granted SPARQL_UPDATE; its base URL while it runs."""
    if VIRTUOSO is None:
        pytest.skip("Virtuoso is not installed (scripts/system-deps.sh installs it)")
    sql, http = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(db=folder, sql=sql, http=http), encoding="utf-8")
    process = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                               cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http}"
    try:
        wait_for(base + "/sparql", process, 240)
        # a user of our own with the SPARQL_UPDATE role, which the Graph Store endpoint requires
        granted = subprocess.run([ISQL, f"127.0.0.1:{sql}", "dba", "dba",
                                  "exec=DB.DBA.USER_CREATE ('sistercity', 'twin-towns'); "
                                  "GRANT SPARQL_UPDATE TO \"sistercity\";"],
                                 capture_output=True, text=True, timeout=120)
        assert granted.returncode == 0 and "Error" not in granted.stdout, granted.stdout + granted.stderr
        yield base
    finally:
        stop(process)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Virtuoso the case tests of this module share."""
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as base:
        yield base


@pytest.fixture
def empty_virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Virtuoso of its own for one test. Virtuoso 7.2 keeps the row counts it first sampled per
    predicate until it restarts (docs/publishing.md): a store that held the case build plans the
    world's questions as if the distances were empty (question 18: over 300 s instead of 0.02 s)."""
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso-world")) as base:
        yield base


def publish(store: str, dist: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`sistercity publish STORE --dist DIST …` with the given environment additions."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SISTERCITY_PUBLISH")}
    environment["NETRC"] = str(dist / "no-such-netrc")
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "sistercity", "publish", store, "--dist", str(dist), *args],
                          capture_output=True, text=True, env=environment, cwd=ROOT, timeout=1200)


VIRTUOSO_USER = {"SISTERCITY_PUBLISH_USER": "sistercity", "SISTERCITY_PUBLISH_PASSWORD": "twin-towns"}


def graph_counts(endpoint: str) -> dict[str, int]:
    """Triples per named graph of the project in the store, counted by the store."""
    query = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
             f'FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }} GROUP BY ?g')
    answer = requests.post(endpoint, data={"query": query}, timeout=300,
                           headers={"Accept": "application/sparql-results+json"})
    answer.raise_for_status()
    return {b["g"]["value"]: int(b["n"]["value"]) for b in answer.json()["results"]["bindings"]}


def normalised(value: str) -> str:
    """A value as both stores agree on it: numbers as numbers, booleans as 0/1 (Virtuoso writes
    EXISTS as an integer), the parts of a GROUP_CONCAT sorted (SPARQL leaves their order open)."""
    if value in ("true", "false"):
        value = "1" if value == "true" else "0"
    if re.fullmatch(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?", value):
        return repr(round(float(value), 6))
    return "|".join(sorted(re.split(r"; |, ", value)))


def compare_questions(endpoint: str, dist: Path) -> dict[str, str]:
    """Send every question, unchanged, to ``endpoint``; the questions whose rows (as a set with
    multiplicities) differ from `sistercity query`'s, with what differs."""
    store = load_built(dist)
    differ = {}
    for q in list_questions(CQ):
        local = run(store, q)
        want = Counter(tuple(normalised(t.value if t is not None else "") for t in row) for row in local.rows)
        answer = requests.post(endpoint, data={"query": q.text}, timeout=300,
                               headers={"Accept": "application/sparql-results+json"})
        if answer.status_code != 200:
            differ[q.number] = f"HTTP {answer.status_code}: {answer.text[:300]}"
            continue
        got = Counter(tuple(normalised(b.get(v, {}).get("value", "")) for v in local.variables)
                      for b in answer.json()["results"]["bindings"])
        if got != want:
            differ[q.number] = f"{sum(want.values())} rows here, {sum(got.values())} there; e.g. " \
                               f"here only {list(want - got)[:1]}, there only {list(got - want)[:1]}"
    return differ


def manifest_graphs(dist: Path) -> dict[str, int]:
    """Triples per graph as the build's manifest records them."""
    return json.loads((dist / "manifest.json").read_text(encoding="utf-8"))["graphs"]


# --- Oxigraph ----------------------------------------------------------------------------------------

def test_dry_run_lists_every_graph_and_sends_nothing(case_dist: Path) -> None:
    nobody = f"http://127.0.0.1:{free_port()}/store"  # no server there: nothing may be sent
    done = publish(nobody, case_dist, "--dry-run")
    assert done.returncode == 0, done.stderr
    graphs = manifest_graphs(case_dist)
    assert f"would publish {len(graphs)} graphs ({sum(graphs.values()):,} triples) to {nobody}" in done.stdout
    for iri, triples in graphs.items():
        assert f"PUT ?graph={iri}  {triples:,} triples" in done.stdout


def test_an_unknown_graph_is_a_usage_error_listing_the_graphs(case_dist: Path) -> None:
    done = publish("http://127.0.0.1:9/store", case_dist, "--graph", "wrold", "--dry-run")
    assert done.returncode == 2
    assert "no graph 'wrold' in the build" in done.stderr and "case/bandung-seoul" in done.stderr


def test_an_unreachable_store_is_said(case_dist: Path) -> None:
    done = publish(f"http://127.0.0.1:{free_port()}/store", case_dist)
    assert done.returncode == 1
    assert "cannot reach the store at" in done.stderr and "Traceback" not in done.stderr


def test_publish_to_oxigraph_twice_replaces_and_the_questions_agree(oxigraph: str, case_dist: Path) -> None:
    first = publish(oxigraph + "/store", case_dist)
    assert first.returncode == 0, first.stderr
    graphs = manifest_graphs(case_dist)
    assert f"published {len(graphs)} graphs ({sum(graphs.values()):,} triples)" in first.stdout
    assert graph_counts(oxigraph + "/query") == graphs
    again = publish(oxigraph + "/store", case_dist)
    assert again.returncode == 0, again.stderr
    assert graph_counts(oxigraph + "/query") == graphs  # replaced, not added to
    assert compare_questions(oxigraph + "/query", case_dist) == {}


def test_publish_one_graph(oxigraph: str, case_dist: Path, tmp_path: Path) -> None:
    requests.delete(oxigraph + "/store", params={"graph": GRAPH + "vocab"}, timeout=60)
    done = publish(oxigraph + "/store", case_dist, "--graph", "vocab")
    assert done.returncode == 0, done.stderr
    assert "published 1 graph (" in done.stdout
    assert graph_counts(oxigraph + "/query")[GRAPH + "vocab"] == manifest_graphs(case_dist)[GRAPH + "vocab"]


def test_a_graph_larger_than_the_batch_goes_in_parts_and_blank_nodes_stay_whole(oxigraph: str,
                                                                                case_dist: Path) -> None:
    done = publish(oxigraph + "/store", case_dist, "--batch", "500")
    assert done.returncode == 0, done.stderr
    graphs = manifest_graphs(case_dist)
    case = graphs[GRAPH + "case/bandung-seoul"]
    assert re.search(rf"ok   20\d  case/bandung-seoul  {case:,} triples, [\d.]+ MB in {-(-case // 500)} parts",
                     done.stdout), done.stdout
    # the shapes have blank nodes (property shapes, lists): one request, or they would come apart
    assert re.search(r"ok   20\d  shapes  [\d,]+ triples, [\d.]+ MB, ", done.stdout), done.stdout
    assert graph_counts(oxigraph + "/query") == graphs  # the first part replaced, the others added
    for name in ("shapes", "case/bandung-seoul"):
        there = requests.get(oxigraph + "/store", params={"graph": GRAPH + name}, timeout=60,
                             headers={"Accept": "application/n-triples"})
        there.raise_for_status()
        built = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in
                              load_built(case_dist).quads_for_pattern(None, None, None, ox.NamedNode(GRAPH + name))],
                             format=ox.RdfFormat.N_TRIPLES)
        assert isomorphic(rdflib.Graph().parse(data=there.text, format="nt"),
                          rdflib.Graph().parse(data=built, format="nt")), name
    dry = publish(oxigraph + "/store", case_dist, "--batch", "500", "--dry-run")
    assert f"{case:,} triples, in {-(-case // 500)} parts (PUT, then POST)" in dry.stdout


def test_a_read_only_store_refuses_every_graph_with_its_message(case_dist: Path, tmp_path: Path) -> None:
    location, port = tmp_path / "ro", free_port()
    ox.Store(str(location)).flush()
    process = subprocess.Popen([str(OXIGRAPH), "serve-read-only", "--location", str(location),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/", process, 60)
        done = publish(f"http://127.0.0.1:{port}/store", case_dist, "--graph", "vocab", "--graph", "sources")
    finally:
        stop(process)
    assert done.returncode == 1
    assert re.search(r"FAIL 4\d\d  vocab  \d[\d,]* triples.*: \S", done.stderr), done.stderr
    assert "published 0 of 2 graphs" in done.stderr


# --- Virtuoso ----------------------------------------------------------------------------------------

needs_virtuoso = pytest.mark.skipif(VIRTUOSO is None or ISQL is None,
                                    reason="Virtuoso is not installed (scripts/system-deps.sh installs it)")


@needs_virtuoso
def test_virtuoso_asks_for_digest_credentials(virtuoso: str, case_dist: Path) -> None:
    done = publish(virtuoso + "/sparql-graph-crud-auth", case_dist)
    assert done.returncode == 1
    assert "asks for credentials (Digest realm=" in done.stderr
    assert "SISTERCITY_PUBLISH_USER" in done.stderr and "netrc" in done.stderr
    wrong = publish(virtuoso + "/sparql-graph-crud-auth", case_dist,
                    env={"SISTERCITY_PUBLISH_USER": "sistercity", "SISTERCITY_PUBLISH_PASSWORD": "wrong"})
    assert wrong.returncode == 1
    assert "refused the credentials of user 'sistercity'" in wrong.stderr


@needs_virtuoso
def test_publish_to_virtuoso_with_netrc_twice_and_the_questions_agree(virtuoso: str, case_dist: Path,
                                                                      tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login sistercity password twin-towns\n", encoding="utf-8")
    netrc.chmod(0o600)
    store = virtuoso + "/sparql-graph-crud-auth"
    for _ in range(2):
        done = publish(store, case_dist, env={"NETRC": str(netrc)})
        assert done.returncode == 0, done.stderr
        assert f"auth: digest, user 'sistercity' from {netrc}" in done.stdout
        assert graph_counts(virtuoso + "/sparql") == manifest_graphs(case_dist)
    assert compare_questions(virtuoso + "/sparql", case_dist) == {}


@needs_virtuoso
def test_a_graph_virtuoso_refuses_is_reported_and_the_others_are_replaced(virtuoso: str, case_dist: Path,
                                                                           tmp_path: Path) -> None:
    store = virtuoso + "/sparql-graph-crud-auth"
    assert publish(store, case_dist, env=VIRTUOSO_USER).returncode == 0
    # A build whose vocab graph carries a datatype IRI longer than Virtuoso's 1,900-byte index key
    # (valid RDF: Oxigraph takes it), and whose sources graph is the real one.
    built = load_built(case_dist)
    odd = tmp_path / "dist"
    odd.mkdir()
    quads = [q for q in built.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH + "sources"))]
    quads.append(ox.Quad(ox.NamedNode("https://w3id.org/sistercity/id/x"), ox.NamedNode(GRAPH + "p"),
                         ox.Literal("1", datatype=ox.NamedNode("https://example.org/" + "d" * 3000)),
                         ox.NamedNode(GRAPH + "vocab")))
    (odd / "sistercity.nq").write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    counts = {GRAPH + "vocab": 1, GRAPH + "sources": len(quads) - 1}
    (odd / "manifest.json").write_text(json.dumps({"graphs": counts, "options": {}}), encoding="utf-8")
    done = publish(store, odd, env=VIRTUOSO_USER)
    assert done.returncode == 1
    assert re.search(r"FAIL 500  vocab  1 triples, .*exceeds 1900 byte limit", done.stderr), done.stderr
    assert re.search(r"ok   20\d  sources", done.stdout)
    assert "published 1 of 2 graphs" in done.stderr and "failed (vocab)" in done.stderr
    after = graph_counts(virtuoso + "/sparql")
    for iri, triples in manifest_graphs(case_dist).items():
        if iri != GRAPH + "vocab":
            assert after[iri] == triples, iri  # the other graphs, sent or not, are as they were
    # Virtuoso empties a graph before it parses the upload: the refused graph is left empty.
    assert GRAPH + "vocab" not in after
    # In parts, a part the store refuses is said, and the graph holds the parts before it (another
    # long datatype IRI: Virtuoso keeps the first one's row, and says SR197 when it comes again).
    sources = counts[GRAPH + "sources"]
    (odd / "sistercity.nq").write_bytes(ox.serialize([q for q in quads if q.graph_name != ox.NamedNode(GRAPH + "vocab")]
                                                     + [ox.Quad(quads[-1].subject, quads[-1].predicate,
                                                                ox.Literal("1", datatype=ox.NamedNode(
                                                                    "https://example.org/" + "e" * 3000)),
                                                                ox.NamedNode(GRAPH + "sources"))],
                                                     format=ox.RdfFormat.N_QUADS))
    (odd / "manifest.json").write_text(json.dumps({"graphs": {GRAPH + "sources": sources + 1}, "options": {}}),
                                       encoding="utf-8")
    parts = -(-(sources + 1) // 100)
    done = publish(store, odd, "--batch", "100", env=VIRTUOSO_USER)
    assert done.returncode == 1
    refused = re.search(rf"FAIL 500  sources  {sources + 1:,} triples, .* in {parts} parts, .*: part (\d) of "
                        rf"{parts} \(100 triples each\) not taken, the graph holds the parts before it: .*1900 byte",
                        done.stderr)
    assert refused, done.stderr
    # which part holds the odd triple is the store's dump order; the parts before it are in the store
    assert graph_counts(virtuoso + "/sparql").get(GRAPH + "sources", 0) == 100 * (int(refused.group(1)) - 1)


def test_publish_the_world_to_both_stores_and_every_question_agrees(oxigraph: str, empty_virtuoso: str,
                                                                    world_dist: Path) -> None:
    done = publish(oxigraph + "/store", world_dist)
    assert done.returncode == 0, done.stderr
    assert graph_counts(oxigraph + "/query") == manifest_graphs(world_dist)
    assert compare_questions(oxigraph + "/query", world_dist) == {}
    done = publish(empty_virtuoso + "/sparql-graph-crud-auth", world_dist, env=VIRTUOSO_USER)
    assert done.returncode == 0, done.stderr
    assert graph_counts(empty_virtuoso + "/sparql") == manifest_graphs(world_dist)
    differ = compare_questions(empty_virtuoso + "/sparql", world_dist)
    assert set(differ) == set(VIRTUOSO_REFUSES), differ
    assert all(code in differ[n] for n, code in VIRTUOSO_REFUSES.items())
