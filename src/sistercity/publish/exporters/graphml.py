"""GraphML for yEd (yFiles node graphics: fill colour, size, label) and for networkx and Gephi.

Written as text rather than through ``networkx.write_graphml``, which cannot emit yFiles graphics.
The yFiles ``<data>`` comes first in each node so that readers which take x/y from its geometry
(networkx does) are then overridden by the typed ``x``/``y`` attributes that follow.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from sistercity.publish.exporters import write_files
from sistercity.publish.exporters.attributes import AttrType, declared_types
from sistercity.publish.exporters.views import GraphView

HEADER = ('<?xml version="1.0" encoding="UTF-8"?>\n'
          '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"\n'
          '    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n'
          '    xmlns:y="http://www.yworks.com/xml/graphml"\n'
          '    xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
          'http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd">\n')
NODE_GRAPHICS, EDGE_GRAPHICS = "ng", "eg"


def write(view: GraphView, out: Path) -> tuple[Path, ...]:
    """Write ``view`` as GraphML with yFiles graphics to ``out``."""
    return write_files({out: render(view)})


def render(view: GraphView) -> str:
    """The GraphML document for ``view``."""
    graph = view.graph
    node_types = declared_types(data for _, data in graph.nodes(data=True))
    edge_types = declared_types(data for _, _, data in graph.edges(data=True))
    node_keys = {name: f"n{i}" for i, name in enumerate(node_types)}
    edge_keys = {name: f"e{i}" for i, name in enumerate(edge_types)}
    parts = [HEADER]
    for scope, types, keys in (("node", node_types, node_keys), ("edge", edge_types, edge_keys)):
        for name, kind in types.items():
            parts.append(f'  <key id="{keys[name]}" for="{scope}" attr.name={quoteattr(name)} '
                         f'attr.type="{kind.value}"/>\n')
    parts.append(f'  <key id="{NODE_GRAPHICS}" for="node" yfiles.type="nodegraphics"/>\n'
                 f'  <key id="{EDGE_GRAPHICS}" for="edge" yfiles.type="edgegraphics"/>\n'
                 f'  <graph id={quoteattr(view.slug)} edgedefault="{"directed" if view.directed else "undirected"}">\n'
                 f'    <desc>{escape(view.title)}</desc>\n')
    ids = {node: quoteattr(str(node)) for node in graph}  # the node's IRI is its id
    for node, data in graph.nodes(data=True):
        parts.append(f'    <node id={ids[node]}>{_node_graphics(data)}'
                     f'{_data(data, node_keys, node_types)}</node>\n')
    arrow = "standard" if view.directed else "none"
    for i, (source, target, data) in enumerate(graph.edges(data=True)):
        label = "" if not view.directed else f"<y:EdgeLabel>{escape(str(data['relation']))}</y:EdgeLabel>"
        graphics = (f'<data key="{EDGE_GRAPHICS}"><y:PolyLineEdge><y:LineStyle color="#999999" '
                    f'type="line" width="1.0"/><y:Arrows source="none" target="{arrow}"/>{label}'
                    "</y:PolyLineEdge></data>")
        parts.append(f'    <edge id="e{i}" source={ids[source]} target={ids[target]}>{graphics}'
                     f'{_data(data, edge_keys, edge_types)}</edge>\n')
    parts.append("  </graph>\n</graphml>\n")
    return "".join(parts)


def _node_graphics(data: dict[str, object]) -> str:
    size = float(data["size"])  # type: ignore[arg-type]
    x = float(data["x"]) - size / 2  # type: ignore[arg-type]
    y = float(data["y"]) - size / 2  # type: ignore[arg-type]
    return (f'<data key="{NODE_GRAPHICS}"><y:ShapeNode><y:Geometry x="{x:.2f}" y="{y:.2f}" '
            f'width="{size:.2f}" height="{size:.2f}"/><y:Fill color="{data["color"]}" '
            'transparent="false"/><y:BorderStyle color="#555555" type="line" width="1.0"/>'
            f'<y:NodeLabel>{escape(str(data["label"]))}</y:NodeLabel><y:Shape type="ellipse"/>'
            "</y:ShapeNode></data>")


def _data(data: dict[str, object], keys: dict[str, str], types: dict[str, AttrType]) -> str:
    cells = []
    for name, value in data.items():
        text = repr(float(value)) if types[name] is AttrType.DOUBLE else str(value)  # type: ignore[arg-type]
        cells.append(f'<data key="{keys[name]}">{escape(text)}</data>')
    return "".join(cells)
