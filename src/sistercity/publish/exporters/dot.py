"""Graphviz DOT, and its SVG rendering for the views Graphviz can lay out quickly.

The case view is laid out by ``dot`` (ranked, left to right). Geographic views carry each city's
position (``pos``, in points) and are drawn by ``neato -n2``, which keeps the given positions; the
world view (~17,000 cities) is written as DOT only, since rendering it takes Graphviz minutes.
"""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

from sistercity.core.errors import ExportError
from sistercity.publish.exporters import companion
from sistercity.publish.exporters import write_files
from sistercity.publish.exporters.views import GraphView, ViewKind

POINTS_PER_UNIT = 0.5  # geographic views: screen units (10 per degree) to points


def write(view: GraphView, out: Path) -> tuple[Path, ...]:
    """Write ``view`` as DOT to ``out`` and, except for the world view, its SVG beside it.

    Raises:
        ExportError: Graphviz is missing or fails; nothing is written then.
    """
    text = render(view)
    files: dict[Path, str | bytes] = {out: text}
    if view.kind is not ViewKind.WORLD:
        svg, _warnings = to_svg(text, engine=engine(view))
        files[companion(out, ".svg", main_suffix=".dot")] = svg
    return write_files(files)


def engine(view: GraphView) -> str:
    """The Graphviz program that draws ``view``: ``dot``, or ``neato`` keeping given positions."""
    return "neato" if view.geographic else "dot"


def to_svg(text: str, *, engine: str = "dot") -> tuple[bytes, str]:
    """Render DOT ``text`` to SVG with Graphviz; return the SVG and Graphviz's warnings.

    Raises:
        ExportError: the Graphviz program is not installed, or it fails.
    """
    program = shutil.which(engine)
    if program is None:
        raise ExportError(f"Graphviz `{engine}` is not installed: install the `graphviz` package "
                          "(`make system-deps`, or `apt-get install graphviz`), or export another format.")
    args = [program, "-Tsvg"] + (["-n2"] if engine == "neato" else [])
    done = subprocess.run(args, input=text.encode(), capture_output=True, check=False)
    if done.returncode != 0:
        raise ExportError(f"Graphviz `{engine}` failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout, done.stderr.decode(errors="replace").strip()


def _quote(text: object) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def render(view: GraphView) -> str:
    """The DOT document for ``view``."""
    graph = view.graph
    geographic = view.geographic
    arrow = "->" if view.directed else "--"
    lines = [f"{'digraph' if view.directed else 'graph'} {_quote(view.slug)} {{",
             f"  graph [label={_quote(view.title)}, labelloc=t, fontsize=16, "
             + ("splines=false, outputorder=edgesfirst];" if geographic
                else "rankdir=LR, nodesep=0.25, ranksep=0.6, size=\"30,18\"];"),
             "  node [style=filled, fontsize=10, penwidth=0.6"
             + (", shape=circle, fixedsize=shape, fontsize=6];" if geographic else ", shape=box];"),
             f"  edge [color=\"#888888\", fontsize=8{', penwidth=0.4' if geographic else ''}];"]
    for node, data in graph.nodes(data=True):
        # Long case labels are wrapped so that the ranked layout stays readable.
        label = str(data["label"]) if geographic else textwrap.fill(str(data["label"]), 28)
        attributes = [f"label={_quote(label)}", f"fillcolor={_quote(data['color'])}",
                      f"tooltip={_quote(data['class_label'])}"]
        if geographic:
            x = float(data["x"]) * POINTS_PER_UNIT
            y = -float(data["y"]) * POINTS_PER_UNIT
            width = max(float(data["size"]) / 24, 0.08)
            attributes += [f'pos="{x:.2f},{y:.2f}!"', f"width={width:.2f}"]
        lines.append(f"  {_quote(node)} [{', '.join(attributes)}];")
    for source, target, data in graph.edges(data=True):
        label = "" if geographic else f" [label={_quote(data['relation'])}]"
        lines.append(f"  {_quote(source)} {arrow} {_quote(target)}{label};")
    lines.append("}")
    return "\n".join(lines) + "\n"
