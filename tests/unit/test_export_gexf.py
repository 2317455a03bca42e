"""GEXF 1.3 for Gephi: read back by networkx, checked against the 1.3 structure and validated
against the GEXF 1.3 RELAX NG grammar (copied with its attribution into tests/data/schemas/)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from sistercity.publish.exporters import Format, export
from sistercity.publish.exporters.selection import build_view
from sistercity.publish.exporters.views import parse_view
from tests.unit.test_export_views import ID, fixture_store

GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"
SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "schemas"
XSD_TYPES = {"integer", "long", "double", "float", "boolean", "liststring", "string", "anyURI"}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    store = fixture_store()
    folder = tmp_path_factory.mktemp("gexf")
    return {name: export(build_view(store, parse_view(name)), Format.GEXF,
                         out=folder / f"{name}.gexf")[0] for name in ("case", "world")}


def test_structure_follows_gexf_1_3(files: dict[str, Path]) -> None:
    root = ET.parse(files["case"]).getroot()
    assert root.tag == GEXF + "gexf" and root.get("version") == "1.3"
    graph = root.find(GEXF + "graph")
    assert graph.get("mode") == "static" and graph.get("defaultedgetype") == "directed"
    declared = {}
    for block in graph.findall(GEXF + "attributes"):
        assert block.get("class") in ("node", "edge")
        for attribute in block.findall(GEXF + "attribute"):
            assert attribute.get("type") in XSD_TYPES
            declared[(block.get("class"), attribute.get("id"))] = attribute.get("title")
    nodes = graph.find(GEXF + "nodes").findall(GEXF + "node")
    assert len(nodes) == 22
    for node in nodes:
        assert node.get("id") and node.get("label")
        colour, size, position = (node.find(VIZ + tag) for tag in ("color", "size", "position"))
        assert all(0 <= int(colour.get(c)) <= 255 for c in "rgb")
        assert float(size.get("value")) > 0 and float(position.get("x")) == float(position.get("x"))
        for value in node.iter(GEXF + "attvalue"):
            assert ("node", value.get("for")) in declared
    edges = graph.find(GEXF + "edges").findall(GEXF + "edge")
    node_ids = {n.get("id") for n in nodes}
    assert len(edges) == 52 and all(e.get("source") in node_ids and e.get("target") in node_ids
                                    for e in edges)


def test_networkx_reads_it_back(files: dict[str, Path]) -> None:
    graph = nx.read_gexf(files["case"], version="1.3")
    posco = graph.nodes[ID + "outcome/posco-investment"]
    assert posco["amount"] == 21_500_000_000.0 and posco["dimension"] == "Smart Living"
    assert posco["viz"]["color"] == {"r": 237, "g": 201, "b": 72, "a": 1.0}


def test_world_positions_are_geographic(files: dict[str, Path]) -> None:
    graph = nx.read_gexf(files["world"], version="1.3")
    seoul = graph.nodes[ID + "city/kr/seoul"]
    # x = longitude, y = latitude (Gephi's y axis points up), 10 units per degree.
    assert (seoul["viz"]["position"]["x"], seoul["viz"]["position"]["y"]) == (
        pytest.approx(1269.9), pytest.approx(375.6))
    assert graph.number_of_edges() == 10 and not graph.is_directed()


@pytest.mark.parametrize("name", ["case", "world"])
def test_validates_against_the_gexf_1_3_grammar(files: dict[str, Path], name: str) -> None:
    # The RELAX NG grammar of GEXF 1.3 (tests/data/schemas/gexf-1.3, see its README); it does not
    # declare xsi:schemaLocation, which Gephi reads, so that attribute is dropped first.
    from lxml import etree

    grammar = etree.RelaxNG(etree.parse(str(SCHEMAS / "gexf-1.3" / "gexf.rng")))
    document = etree.parse(str(files[name]))
    document.getroot().attrib.pop("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation")
    assert grammar.validate(document), grammar.error_log
