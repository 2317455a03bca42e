"""Cytoscape.js JSON (``.cyjs``, opened by Cytoscape desktop and cytoscape.js) and its style file.

The style (``.style.json``) is in the form Cytoscape desktop imports (File > Import > Styles):
a list of named styles, each a list of selectors; colour, size and labels pass through from the
node data, so the file works for every view.
"""

from __future__ import annotations

import json
from pathlib import Path

from sistercity.publish.exporters import companion
from sistercity.publish.exporters import write_files
from sistercity.publish.exporters.views import GraphView

STYLE_SUFFIX = ".style.json"


def write(view: GraphView, out: Path) -> tuple[Path, ...]:
    """Write ``view`` as ``out`` (.cyjs) and the style beside it (.style.json)."""
    style = companion(out, STYLE_SUFFIX, main_suffix=".cyjs")
    return write_files({out: json.dumps(elements(view), ensure_ascii=False),
                        style: json.dumps(stylesheet(view), ensure_ascii=False, indent=1)})


def elements(view: GraphView) -> dict[str, object]:
    """The Cytoscape.js document: graph data and elements, every node with a position."""
    graph = view.graph
    nodes = []
    for node, data in graph.nodes(data=True):
        fields = {k: v for k, v in data.items() if k not in ("x", "y")}
        fields.update(id=str(node), name=str(data["label"]))
        nodes.append({"data": fields, "position": {"x": float(data["x"]), "y": float(data["y"])}})
    edges = []
    for i, (source, target, data) in enumerate(graph.edges(data=True)):
        fields = dict(data)
        fields.update(id=f"e{i}", source=str(source), target=str(target),
                      interaction=str(data["relation"]))
        edges.append({"data": fields})
    return {"format_version": "1.0", "generated_by": "sistercity",
            "target_cytoscapejs_version": "~2.1",
            "data": {"name": view.title, "shared_name": view.slug, "geographic": view.geographic},
            "elements": {"nodes": nodes, "edges": edges}}


def stylesheet(view: GraphView) -> list[dict[str, object]]:
    """A Cytoscape style named after the view: colour, size and label from each node's data."""
    directed = view.directed
    rules: list[dict[str, object]] = [
        {"selector": "node", "css": {"background-color": "data(color)", "width": "data(size)",
                                     "height": "data(size)", "label": "data(label)",
                                     "font-size": 10 if directed else 4, "text-valign": "center",
                                     "border-width": 1, "border-color": "#555555"}},
        {"selector": "edge", "css": {"line-color": "#999999", "width": 1 if directed else 0.3,
                                     "curve-style": "bezier", "opacity": 0.8,
                                     "target-arrow-shape": "triangle" if directed else "none",
                                     "target-arrow-color": "#999999",
                                     "label": "data(relation)" if directed else "",
                                     "font-size": 7}},
        {"selector": "node:selected", "css": {"border-width": 3, "border-color": "#d62728"}},
    ]
    return [{"format_version": "1.0", "generated_by": "sistercity",
             "target_cytoscapejs_version": "~2.1", "title": f"sistercity {view.slug}",
             "style": rules}]
