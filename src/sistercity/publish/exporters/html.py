"""One self-contained, offline HTML explorer: vis-network inlined, the graph embedded as JSON.

vis-network comes from the ``pyvis`` package (its bundled ``vis-network.min.js``), read at export
time; nothing is fetched when the page opens. Geographic views show a map panel (cities at their
longitude/latitude, physics off, no tiles since no tile server is reachable) and the neighbourhood
of the selected city; the case view shows its precomputed layout.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from sistercity.core.errors import ExportError
from sistercity.publish.exporters import write_files
from sistercity.publish.exporters.views import GraphView

VIS_NETWORK = "lib/vis-9.1.2/vis-network.min.js"
TEMPLATE = "explorer.html"
CORE = frozenset({"label", "class", "class_label", "color", "size", "x", "y", "lat", "lon", "iri",
                  "group"})


def write(view: GraphView, out: Path) -> tuple[Path, ...]:
    """Write the explorer page for ``view`` to ``out``.

    Raises:
        ExportError: pyvis (which ships vis-network) is not installed.
    """
    return write_files({out: render(view)})


def vis_network_js() -> str:
    """The minified vis-network library shipped inside the pyvis package."""
    try:
        return (resources.files("pyvis") / VIS_NETWORK).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise ExportError("the HTML export needs vis-network from the `pyvis` package: "
                          "`pip install pyvis` (or `make run`, which installs it)") from exc


def render(view: GraphView) -> str:
    """The HTML page for ``view``."""
    template = (resources.files(__package__) / TEMPLATE).read_text(encoding="utf-8")
    # "<" is escaped so that no label can close the <script> element that holds the data.
    payload = json.dumps(page_data(view), ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c")
    title = view.title.replace("&", "&amp;").replace("<", "&lt;")
    return (template.replace("@TITLE@", title)
            .replace("/*@VIS_NETWORK@*/", vis_network_js().replace("</script", "<\\/script"))
            .replace("/*@GRAPH_DATA@*/", payload))


def page_data(view: GraphView) -> dict[str, object]:
    """The graph as the page reads it: nodes with integer ids, edges as [from, to, relation]."""
    graph = view.graph
    index = {node: i for i, node in enumerate(graph)}
    relations: dict[str, int] = {}
    nodes = []
    class_colours: dict[str, str] = {}
    dimension_colours: dict[str, str] = {}
    for node, data in graph.nodes(data=True):
        item = {"id": index[node], "iri": str(node), "label": data["label"],
                "class_label": data["class_label"], "color": data["color"],
                "size": data["size"], "x": data["x"], "y": data["y"],
                "attrs": {k: v for k, v in data.items() if k not in CORE}}
        if "lat" in data:
            item.update(lat=data["lat"], lon=data["lon"])
        nodes.append(item)
        class_colours.setdefault(str(data["class_label"]), str(data["color"]))
        dimension = data.get("dimension")
        if dimension and "; " not in str(dimension):
            dimension_colours.setdefault(str(dimension), str(data["color"]))
    edges = [[index[s], index[t], relations.setdefault(str(d["relation"]), len(relations))]
             for s, t, d in graph.edges(data=True)]
    dimensions = sorted({d for _, data in graph.nodes(data=True) if data.get("dimension")
                         for d in str(data["dimension"]).split("; ")})
    return {"title": view.title, "slug": view.slug, "geographic": view.geographic,
            "nodes": nodes, "edges": edges, "relations": list(relations),
            "classes": sorted(class_colours), "class_colours": class_colours,
            "dimensions": dimensions, "dimension_colours": dimension_colours}
