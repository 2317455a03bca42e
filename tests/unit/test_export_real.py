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
    # the article and the works it cites are nodes of their own, reached by "derived from" links
    sources = [n for n in graph if n.startswith(ID + "source/")]
    assert ID + "source/seed-article" in sources
    assert all(graph.nodes[n]["group"] == "Source" for n in sources)
    assert any(d["relation"] == "derived from" and b == ID + "source/seed-article"
               for _, b, d in graph.edges(data=True))
    relations = {d["relation"] for _, _, d in graph.edges(data=True)}
    assert {"governs", "party"} <= relations
    dimensions = {d.get("dimension") for _, d in graph.nodes(data=True) if d["group"] == "Outcome"}
    assert {"Smart Living", "Smart Government"} <= dimensions


def test_world_view_covers_the_twinning_list(views: dict[str, GraphView], world_dist: Path) -> None:
    graph = views["world"].graph
    store = load_built(world_dist)
    count = next(iter(store.query(
        "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t <https://w3id.org/sistercity/ontology#partner> ?p }",
        use_default_graph_as_union=True)))[0]
    # Every twinning of the graph is an edge, those with a territory as partner included.
    assert graph.number_of_edges() == int(count.value) > 24_000
    assert len(graph) > 15_000
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
def test_case_page_is_laid_out_without_overlapping_labels(views: dict[str, GraphView],
                                                           tmp_path: Path) -> None:
    # Measured from what vis-network drew: the bounding box of every node with its label.
    page = export(views["case"], Format.HTML, out=tmp_path / "case.html")[0]
    state = open_in_chromium(page, "measure", tmp_path / "profile")
    assert state["errors"] == []
    measure = state["measure"]
    assert measure["nodes"] == len(views["case"].graph)
    assert measure["overlapping"] <= 0.05 * measure["pairs"]
    canvas = min(measure["canvas"]["width"], measure["canvas"]["height"])
    assert measure["farthest_neighbour"] <= canvas / 4
    # A link within one column (two sources, two stages) bends out of it: with every link
    # straight, 240 of them passed over a third node; bent, 103 do (crossings between columns).
    assert measure["edges_through_nodes"] <= 110
    # The bus-reform study reads as a sequence: its four phases in order on the timeline.
    phases = [label for label in state["timeline_labels"] if "(bus-system reform study)" in label]
    assert phases == ["Launching Seminar and High-level Meeting (bus-system reform study)",
                      "Interim Reporting Workshop and Practitioners’ Workshop (bus-system reform study)",
                      "Senior Policy Dialogue and Final Reporting Workshop (bus-system reform study)"]
    # A long name beside an early or late bar is cut at its track, never drawn over the dates.
    assert state["timeline_overflow"] == []


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_world_page_opens_and_finds_bandung(views: dict[str, GraphView], tmp_path: Path) -> None:
    page = export(views["world"], Format.HTML, out=tmp_path / "world.html")[0]
    state = open_in_chromium(page, "search=Bandung", tmp_path / "profile")
    assert state["errors"] == [] and state["nodes"] == len(views["world"].graph)
    assert state["search"]["selected"] == "Bandung"
