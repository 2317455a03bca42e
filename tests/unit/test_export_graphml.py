"""GraphML: read back by networkx with typed attributes; yFiles graphics for yEd."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from sistercity.publish.exporters import Format, export
from sistercity.publish.exporters.selection import build_view
from sistercity.publish.exporters.views import parse_view
from tests.unit.test_export_views import ID, fixture_store

Y = "{http://www.yworks.com/xml/graphml}"
G = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture(scope="module")
def case_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    view = build_view(fixture_store(), parse_view("case"))
    return export(view, Format.GRAPHML, out=tmp_path_factory.mktemp("graphml") / "case.graphml")[0]


def test_networkx_reads_it_back_with_typed_numbers(case_file: Path) -> None:
    graph = nx.read_graphml(case_file)
    assert len(graph) == 22 and graph.number_of_edges() == 52
    posco = graph.nodes[ID + "outcome/posco-investment"]
    assert posco["amount"] == 21_500_000_000.0 and isinstance(posco["amount"], float)
    assert isinstance(posco["x"], float) and isinstance(posco["size"], float)
    assert posco["dimension"] == "Smart Living"
    assert posco["label"] == "POSCO partnership and investment"
    relations = {d["relation"] for _, _, d in graph.edges(data=True)}
    assert {"mediated by", "party", "resulted from"} <= relations


def test_yed_graphics_give_each_node_a_fill_colour_and_label(case_file: Path) -> None:
    root = ET.parse(case_file).getroot()
    keys = {k.get("id"): k for k in root.iter(G + "key")}
    graphics = [k for k in keys.values() if k.get("yfiles.type") == "nodegraphics"]
    assert len(graphics) == 1 and graphics[0].get("for") == "node"
    doubles = {k.get("attr.name") for k in keys.values() if k.get("attr.type") == "double"}
    assert {"amount", "size", "x", "y", "lat", "lon"} <= doubles
    nodes = list(root.iter(G + "node"))
    fills = [n.find(f".//{Y}ShapeNode/{Y}Fill") for n in nodes]
    labels = [n.find(f".//{Y}ShapeNode/{Y}NodeLabel").text for n in nodes]
    assert all(f is not None and f.get("color", "").startswith("#") for f in fills)
    assert "Knowledge Sharing Program (KSP)" in labels


def test_world_is_undirected_and_the_case_directed(case_file: Path, tmp_path: Path) -> None:
    view = build_view(fixture_store(), parse_view("world"))
    world = export(view, Format.GRAPHML, out=tmp_path / "world.graphml")[0]
    edgedefault = {path.stem: ET.parse(path).getroot().find(G + "graph").get("edgedefault")
                   for path in (case_file, world)}
    assert edgedefault == {"case": "directed", "world": "undirected"}
    assert not nx.read_graphml(world).is_directed() and nx.read_graphml(case_file).is_directed()
