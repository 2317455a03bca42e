"""The exports on the real build (ontology, Bandung–Seoul case and world network).

Builds the graph once for the module (slow: marked `slow`), then checks every format on the
real case and world views.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import networkx as nx
import pytest
from shapely.geometry import shape

from sistercity.publish.exporters import Format, export
from sistercity.publish.exporters.selection import build_view
from sistercity.publish.exporters.views import GraphView, parse_view
from sistercity.publish.built import load_built
from tests.unit.test_export_html import CHROMIUM, open_in_chromium

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
ID = "https://w3id.org/sistercity/id/"


@pytest.fixture(scope="module")
def views(world_dist: Path) -> dict[str, GraphView]:
    store = load_built(world_dist)
    return {name: build_view(store, parse_view(name)) for name in ("case", "world")}


def test_case_view_has_the_articles_actors_and_relations(views: dict[str, GraphView]) -> None:
    graph = views["case"].graph
    assert graph.nodes[ID + "org/ksp"]["class"] == "AdvocacyProgramme"
    assert graph.nodes[ID + "org/bandung-city-government"]["class"] == "CityGovernment"
    assert not any(n.startswith(ID + "source/") for n in graph)
    relations = {d["relation"] for _, _, d in graph.edges(data=True)}
    assert {"governs", "party"} <= relations
    dimensions = {d.get("dimension") for _, d in graph.nodes(data=True) if d["group"] == "Outcome"}
    assert {"Smart Living", "Smart Government"} <= dimensions


def test_world_view_covers_the_twinning_list(views: dict[str, GraphView]) -> None:
    graph = views["world"].graph
    assert len(graph) > 15_000 and graph.number_of_edges() > 24_000
    bandung = graph.nodes[ID + "city/id/bandung"]
    assert bandung["country_code"] == "ID" and bandung["lat"] == pytest.approx(-6.9218)


def test_every_format_reads_back(views: dict[str, GraphView], tmp_path: Path) -> None:
    case = views["case"]
    graphml = export(case, Format.GRAPHML, out=tmp_path / "case.graphml")[0]
    assert len(nx.read_graphml(graphml)) == len(case.graph)
    gexf = export(case, Format.GEXF, out=tmp_path / "case.gexf")[0]
    assert nx.read_gexf(gexf, version="1.3").number_of_edges() == case.graph.number_of_edges()
    if shutil.which("dot"):
        svg = export(case, Format.DOT, out=tmp_path / "case.dot")[1]
        assert "Knowledge Sharing Program" in svg.read_text(encoding="utf-8")


def test_world_geojson_is_valid_and_in_range(views: dict[str, GraphView], tmp_path: Path) -> None:
    path = export(views["world"], Format.GEOJSON, out=tmp_path / "world.geojson")[0]
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    split = [f for f in features if (f["geometry"] or {}).get("type") == "MultiLineString"]
    assert split, "Pacific twinnings are cut at the antimeridian"
    for feature in features:
        if feature["geometry"] is None:  # partners listed at the same coordinates
            assert feature["properties"]["geometry_note"]
            continue
        assert shape(feature["geometry"]).is_valid


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_world_page_opens_and_finds_bandung(views: dict[str, GraphView], tmp_path: Path) -> None:
    page = export(views["world"], Format.HTML, out=tmp_path / "world.html")[0]
    state = open_in_chromium(page, "search=Bandung", tmp_path / "profile")
    assert state["errors"] == [] and state["nodes"] == len(views["world"].graph)
    assert state["search"]["selected"] == "Bandung"
