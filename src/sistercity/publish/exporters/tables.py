"""CSV node and edge lists: ``VIEW.nodes.csv`` (id, label, class, …) and ``VIEW.edges.csv``
(source, target, relation, …), one column per attribute, for spreadsheets, R and pandas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from pathlib import Path

from sistercity.publish.exporters import companion
from sistercity.publish.exporters import write_files
from sistercity.publish.exporters.attributes import declared_types
from sistercity.publish.exporters.views import GraphView

NODE_FIRST = ("id", "label", "class")
EDGE_FIRST = ("source", "target", "relation")


def write(view: GraphView, out: Path) -> tuple[Path, ...]:
    """Write the node list to ``out`` and the edge list beside it (``.edges.csv``)."""
    edges = companion(out, ".edges.csv", main_suffix=".nodes.csv")
    return write_files({out: node_table(view), edges: edge_table(view)})


def node_table(view: GraphView) -> str:
    """The node list as CSV text."""
    rows = [{"id": str(node), **data} for node, data in view.graph.nodes(data=True)]
    return _table(rows, NODE_FIRST)


def edge_table(view: GraphView) -> str:
    """The edge list as CSV text."""
    rows = [{"source": str(s), "target": str(t), **data} for s, t, data in view.graph.edges(data=True)]
    return _table(rows, EDGE_FIRST)


def _table(rows: list[Mapping[str, object]], first: Iterable[str]) -> str:
    columns = list(first)
    columns += [name for name in declared_types(rows) if name not in columns]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
