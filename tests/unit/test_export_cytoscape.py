"""Cytoscape.js JSON and its style file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sistercity.publish.exporters import Format, export
from sistercity.publish.exporters.selection import build_view
from sistercity.publish.exporters.views import parse_view
from tests.unit.test_export_views import ID, fixture_store


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ...]:
    view = build_view(fixture_store(), parse_view("case"))
    return export(view, Format.CYJS, out=tmp_path_factory.mktemp("cyjs") / "case.cyjs")


def test_elements_parse_and_every_edge_connects_known_nodes(written: tuple[Path, ...]) -> None:
    document = json.loads(written[0].read_text(encoding="utf-8"))
    nodes = document["elements"]["nodes"]
    edges = document["elements"]["edges"]
    ids = {n["data"]["id"] for n in nodes}
    assert len(nodes) == 22 and len(edges) == 52
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    assert all(isinstance(n["position"][axis], float) for n in nodes for axis in ("x", "y"))
    ksp = next(n["data"] for n in nodes if n["data"]["id"] == ID + "org/ksp")
    assert ksp["name"] == "Knowledge Sharing Program (KSP)" and ksp["class"] == "AdvocacyProgramme"
    assert {e["data"]["interaction"] for e in edges} >= {"acts as advocate in", "mediated by"}


def test_style_file_maps_colour_size_and_label_from_the_data(written: tuple[Path, ...]) -> None:
    assert written[1].name == "case.style.json"
    styles = json.loads(written[1].read_text(encoding="utf-8"))
    rules = {rule["selector"]: rule["css"] for rule in styles[0]["style"]}
    assert rules["node"]["background-color"] == "data(color)"
    assert rules["node"]["label"] == "data(label)" and rules["node"]["width"] == "data(size)"
    assert rules["edge"]["target-arrow-shape"] == "triangle"
