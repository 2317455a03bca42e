"""Positions: a case laid out in bands by role, a geographic view at its coordinates.

The case layout puts each role (places and actors, agreements, advocacy, policy transfers,
outcomes by dimension, sources, a study's own classes) in its own band of columns, left to right
in the order a case reads; within a band nodes are grouped by class (outcomes by dimension) and
ordered by the mean position of their neighbours, which keeps most links short and straight.
The spacing leaves room for a label of ``LABEL_WIDTH`` units under every node, so that no two
labels overlap when labels are wrapped to that width.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

from sistercity.publish.exporters.styling import ROLES

COLUMN = 230.0  # screen units between columns: a wrapped label is at most LABEL_WIDTH wide
ROW = 84.0  # between rows: a node and a label of three lines
BAND_GAP = 90.0  # extra space between two bands
MAX_ROWS = 16
LABEL_WIDTH = 190.0
SWEEPS = 4
GEO_SCALE = 10.0  # screen units per degree in geographic layouts


def grouped_layout(graph: nx.MultiDiGraph) -> list[dict[str, object]]:
    """Give every node of a case view ``x``/``y`` by role; return the bands (title, key, x, y,
    width) so that a drawing can name them."""
    members: dict[str, list[str]] = defaultdict(list)
    for node, data in graph.nodes(data=True):
        members[str(data.get("role", "other"))].append(node)
    roles = [role for role in ROLES if members.get(role.key)]
    simple = nx.Graph(graph.to_undirected(as_view=True))
    order = {role.key: sorted(members[role.key], key=lambda n: (_block(graph, n), str(graph.nodes[n]["label"])))
             for role in roles}
    shape = {key: _columns(len(nodes)) for key, nodes in order.items()}
    for sweep in range(SWEEPS + 1):
        x = 0.0
        for role in roles:
            nodes = order[role.key]
            columns, rows = shape[role.key]
            if sweep:
                # Within each class block, nodes move toward the mean height of their neighbours.
                nodes.sort(key=lambda n: (_block(graph, n), _barycentre(graph, simple, n)))
            for i, node in enumerate(nodes):
                column, row = divmod(i, rows)
                graph.nodes[node]["x"] = round(x + column * COLUMN, 2)
                graph.nodes[node]["y"] = round((row - (rows - 1) / 2) * ROW, 2)
            x += columns * COLUMN + BAND_GAP
    bands = []
    x = 0.0
    top = min((float(d["y"]) for _, d in graph.nodes(data=True)), default=0.0)
    for role in roles:
        columns, _ = shape[role.key]
        bands.append({"key": role.key, "title": role.title, "x": x + (columns - 1) * COLUMN / 2,
                      "y": top - ROW * 0.75, "width": columns * COLUMN})
        x += columns * COLUMN + BAND_GAP
    return bands


def _columns(count: int) -> tuple[int, int]:
    """Columns and rows for a band of ``count`` nodes: at most MAX_ROWS rows, columns balanced."""
    columns = max(1, math.ceil(count / MAX_ROWS))
    return columns, max(1, math.ceil(count / columns))


def _block(graph: nx.MultiDiGraph, node: str) -> str:
    """The class block a node belongs to within its band (outcomes: their dimension)."""
    data = graph.nodes[node]
    return str(data.get("dimension", "")) if data.get("group") == "Outcome" else str(data.get("class", ""))


def _barycentre(graph: nx.MultiDiGraph, simple: nx.Graph, node: str) -> float:
    """The mean height of a node's neighbours in other bands (its own height if it has none)."""
    role = graph.nodes[node].get("role")
    heights = [float(graph.nodes[n].get("y", 0.0)) for n in simple[node]
               if graph.nodes[n].get("role") != role and graph.nodes[n].get("role") != "sources"]
    return sum(heights) / len(heights) if heights else float(graph.nodes[node].get("y", 0.0))


def geographic_positions(graph: nx.MultiDiGraph) -> None:
    """x = longitude, y = −latitude (screen y points down), GEO_SCALE units per degree; places
    without coordinates at 0, 0 (their ``lat``/``lon`` stay absent, so maps leave them out)."""
    for _, data in graph.nodes(data=True):
        if "lat" in data:
            data["x"] = round(float(data["lon"]) * GEO_SCALE, 3)
            data["y"] = round(-float(data["lat"]) * GEO_SCALE, 3)
        else:
            data["x"], data["y"] = 0.0, 0.0
