"""The SPARQL endpoint answers real HTTP SPARQL-protocol requests on the built graph."""

from __future__ import annotations

import json
import socket
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from sistercity.build.pipeline import build
from sistercity.publish.serve import prepare_store, start

from .conftest import copy_project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("serve") / "project")
    build(root, out=root / "dist", with_world=False)
    return root / "dist"


def ask(url: str, query: str) -> dict:
    request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def test_endpoint_answers_sparql_over_http(dist: Path) -> None:
    endpoint, process = start(dist, port=free_port())
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                answer = ask(endpoint.query_url, "PREFIX sc: <https://w3id.org/sistercity/ontology#> "
                             "SELECT ?g WHERE { ?g a sc:CityGovernment } ORDER BY ?g")
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.2)
        governments = [b["g"]["value"] for b in answer["results"]["bindings"]]
        assert "https://w3id.org/sistercity/id/org/bandung-city-government" in governments
        assert "https://w3id.org/sistercity/id/org/seoul-metropolitan-government" in governments
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_store_is_reused_until_the_build_changes(dist: Path) -> None:
    location = prepare_store(dist)
    stamp = (location / ".loaded-from").stat().st_mtime
    assert prepare_store(dist) == location
    assert (location / ".loaded-from").stat().st_mtime == stamp
