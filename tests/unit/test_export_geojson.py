"""GeoJSON (RFC 7946): valid for the geojson package and shapely; antimeridian lines split."""

from __future__ import annotations

import json

import geojson
import pytest
from shapely.geometry import shape

from sistercity.publish.exporters import Format, export
from sistercity.publish.exporters.geo import great_circle, split_at_antimeridian
from sistercity.publish.exporters.selection import build_view
from sistercity.publish.exporters.views import parse_view
from tests.unit.test_export_views import ID, fixture_store


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> dict:
    view = build_view(fixture_store(), parse_view("world"))
    path = export(view, Format.GEOJSON, out=tmp_path_factory.mktemp("geo") / "world.geojson")[0]
    return json.loads(path.read_text(encoding="utf-8"))


def test_valid_for_geojson_and_shapely(collection: dict) -> None:
    parsed = geojson.loads(json.dumps(collection))
    assert parsed.is_valid, parsed.errors()
    for feature in collection["features"]:
        assert feature["geometry"] is None or shape(feature["geometry"]).is_valid
    # Every node and every twinning is a feature: 14 places, 10 twinnings.
    kinds = [(f["geometry"] or {}).get("type") for f in collection["features"]]
    assert kinds.count("Point") == 13 and len(kinds) == 14 + 10


def test_a_place_without_coordinates_keeps_its_twinning(collection: dict) -> None:
    falklands = next(f for f in collection["features"] if f.get("id") == ID + "country/fk")
    assert falklands["geometry"] is None
    assert falklands["properties"]["geometry_note"] == "no coordinates in the graph"
    tie = next(f for f in collection["features"] if f["properties"].get("twinning")
               == ID + "twinning/fk-falkland-islands--gb-portsmouth")
    assert tie["geometry"] is None and tie["properties"]["target_label"] == "Falkland Islands (Malvinas)"


def test_coordinates_are_lon_lat_in_range(collection: dict) -> None:
    seoul = next(f for f in collection["features"] if f.get("id") == ID + "city/kr/seoul")
    assert seoul["geometry"]["coordinates"] == [126.99, 37.56]
    assert seoul["properties"]["country"] == "South Korea"
    for feature in collection["features"]:
        geometry = feature["geometry"]
        if geometry is None:
            continue
        lines = {"Point": [[geometry["coordinates"]]], "LineString": [geometry["coordinates"]],
                 "MultiLineString": geometry["coordinates"]}[geometry["type"]]
        for lon, lat in (p for line in lines for p in line):
            assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_pacific_twinning_is_split_at_the_antimeridian(collection: dict) -> None:
    cairns = next(f for f in collection["features"]
                  if f["properties"].get("twinning") == ID + "twinning/au-cairns--us-scottsdale")
    assert cairns["geometry"]["type"] == "MultiLineString"
    west, east = cairns["geometry"]["coordinates"]
    assert west[0] == [145.78, -16.92] and west[-1][0] == 180.0
    assert east[0][0] == -180.0 and east[-1] == [-111.926, 33.4942]
    assert west[-1][1] == east[0][1]  # the two parts meet at the same latitude
    assert cairns["properties"]["distance_km"] == pytest.approx(11960.7)
    # Namur–Bandung stays in one piece, and follows the great circle (north of both ends).
    namur = next(f for f in collection["features"]
                 if f["properties"].get("twinning") == ID + "twinning/be-namur--id-bandung")
    assert namur["geometry"]["type"] == "LineString"
    assert max(lat for _, lat in namur["geometry"]["coordinates"]) > 50.4667


def test_great_circle_densifies_and_splits() -> None:
    points = great_circle((170.0, 0.0), (-170.0, 0.0))
    assert len(points) == 11 and all(p[1] == pytest.approx(0, abs=1e-9) for p in points)
    parts = split_at_antimeridian(points)
    assert len(parts) == 2 and parts[0][-1] == [180.0, 0.0] and parts[1][0] == [-180.0, 0.0]


def test_partners_at_one_point_give_a_feature_without_geometry() -> None:
    import networkx as nx

    from sistercity.publish.exporters.geo import feature_collection
    from sistercity.publish.exporters.views import GraphView, ViewKind

    # Lérida and Lleida: one city listed under two names at the same coordinates.
    graph = nx.MultiDiGraph()
    graph.add_node("a", label="Lérida", lat=41.6167, lon=0.6333)
    graph.add_node("b", label="Lleida", lat=41.6167, lon=0.6333)
    graph.add_edge("a", "b", relation="twinned with")
    features = feature_collection(GraphView(ViewKind.WORLD, "t", "t", graph, True))["features"]
    line = features[-1]
    assert line["geometry"] is None and "same coordinates" in line["properties"]["geometry_note"]
    assert geojson.loads(json.dumps({"type": "FeatureCollection", "features": features})).is_valid
