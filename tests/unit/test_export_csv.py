"""CSV node and edge lists."""

from __future__ import annotations

import csv
from pathlib import Path

from sistercity.publish.exporters import Format, export
from sistercity.publish.exporters.selection import build_view
from sistercity.publish.exporters.views import parse_view
from tests.unit.test_export_views import ID, fixture_store


def test_node_and_edge_lists(tmp_path: Path) -> None:
    view = build_view(fixture_store(), parse_view("case"))
    nodes_path, edges_path = export(view, Format.CSV, out=tmp_path / "case.nodes.csv")
    assert edges_path.name == "case.edges.csv"
    with nodes_path.open(encoding="utf-8", newline="") as handle:
        nodes = list(csv.DictReader(handle))
    with edges_path.open(encoding="utf-8", newline="") as handle:
        edges = list(csv.DictReader(handle))
    assert list(nodes[0])[:3] == ["id", "label", "class"]
    assert list(edges[0])[:3] == ["source", "target", "relation"]
    assert len(nodes) == 22 and len(edges) == 52
    posco = next(n for n in nodes if n["id"] == ID + "outcome/posco-investment")
    assert (posco["dimension"], float(posco["amount"])) == ("Smart Living", 21_500_000_000.0)
    assert {"source": ID + "org/ksp", "target": ID + "project/bus-system-reform",
            "relation": "acts as advocate in"}.items() <= next(
        e for e in edges if e["source"] == ID + "org/ksp" and e["relation"] != "derived from").items()
