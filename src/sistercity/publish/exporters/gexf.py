"""GEXF 1.3 for Gephi: typed attribute columns, viz colour, size and position.

Written as text: ``networkx.write_gexf`` (3.6) declares the XML Schema instance namespace as
``http://w3.org/2001/…`` (missing ``www``) in its 1.3 output and cannot set edge types per view.
Gephi's y axis points up, so screen positions (y down) are flipped.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from sistercity.publish.exporters import write_files
from sistercity.publish.exporters.attributes import AttrType, declared_types, hex_to_rgb
from sistercity.publish.exporters.views import GraphView

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
# Drawn through viz: elements, so not repeated as attribute columns.
VISUAL = frozenset({"label", "color", "size", "x", "y"})


def write(view: GraphView, out: Path) -> tuple[Path, ...]:
    """Write ``view`` as GEXF 1.3 to ``out``."""
    return write_files({out: render(view)})


def render(view: GraphView) -> str:
    """The GEXF 1.3 document for ``view``."""
    graph = view.graph
    node_types = declared_types((d for _, d in graph.nodes(data=True)), skip=VISUAL)
    edge_types = declared_types((d for _, _, d in graph.edges(data=True)), skip=frozenset({"label"}))
    edge_kind = "directed" if view.directed else "undirected"
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n',
             (f'<gexf xmlns="{GEXF_NS}" xmlns:viz="{VIZ_NS}" '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              f'xsi:schemaLocation="{GEXF_NS} {GEXF_NS}/gexf.xsd" version="1.3">\n'),
             (f"  <meta><creator>sistercity</creator><description>{escape(view.title)}"
              "</description></meta>\n"),
             f'  <graph mode="static" defaultedgetype="{edge_kind}">\n']
    node_ids = {name: str(i) for i, name in enumerate(node_types)}
    edge_ids = {name: str(i) for i, name in enumerate(edge_types)}
    for scope, types, ids in (("node", node_types, node_ids), ("edge", edge_types, edge_ids)):
        parts.append(f'    <attributes class="{scope}">\n')
        parts += [f'      <attribute id="{ids[n]}" title={quoteattr(n)} type="{t.value}"/>\n'
                  for n, t in types.items()]
        parts.append("    </attributes>\n")
    parts.append("    <nodes>\n")
    for node, data in graph.nodes(data=True):
        r, g, b = hex_to_rgb(str(data["color"]))
        parts.append(f'      <node id={quoteattr(str(node))} label={quoteattr(str(data["label"]))}>'
                     f"{_values(data, node_ids, node_types)}"
                     f'<viz:color r="{r}" g="{g}" b="{b}" a="1.0"/>'
                     f'<viz:size value="{float(data["size"]):.2f}"/>'
                     f'<viz:position x="{float(data["x"]):.3f}" y="{-float(data["y"]):.3f}" '
                     'z="0.0"/></node>\n')
    parts.append("    </nodes>\n    <edges>\n")
    for i, (source, target, data) in enumerate(graph.edges(data=True)):
        parts.append(f'      <edge id="{i}" source={quoteattr(str(source))} '
                     f'target={quoteattr(str(target))} label={quoteattr(str(data["relation"]))}>'
                     f"{_values(data, edge_ids, edge_types)}</edge>\n")
    parts.append("    </edges>\n  </graph>\n</gexf>\n")
    return "".join(parts)


def _values(data: dict[str, object], ids: dict[str, str], types: dict[str, AttrType]) -> str:
    cells = []
    for name, value in data.items():
        if name not in ids:
            continue
        text = repr(float(value)) if types[name] is AttrType.DOUBLE else str(value)  # type: ignore[arg-type]
        cells.append(f'<attvalue for="{ids[name]}" value={quoteattr(text)}/>')
    return f"<attvalues>{''.join(cells)}</attvalues>" if cells else ""
