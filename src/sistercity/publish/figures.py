"""Figures of the built graph for papers and slides (matplotlib): each one a PNG and an SVG, with
the question it answers and a caption computed from its data, shown together on ``index.html``.

The case figures come from the case view, the world figures from the world view (the same
views the exports write), so a figure and an export never disagree. A figure whose data the
build lacks (a build without the world; start years and kinds of tie before the multi-source
lists) is not drawn, and the index says why.
"""

from __future__ import annotations

import html
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from sistercity.publish.exporters import write_files
from sistercity.publish.exporters.views import GraphView, ViewKind, ViewSpec

FIGURES_FOLDER = "figures"
DISTANCE_BANDS = ((0, 500), (500, 1000), (1000, 2000), (2000, 5000), (5000, 10000), (10000, 20100))
TOP_PAIRS = 15
DPI = 150


@dataclass(frozen=True)
class Figure:
    """One figure: its file stem, title, the question it answers, a caption from its data, how
    many marks (bars, points, lines) it draws, and the image bytes (PNG and SVG)."""

    name: str
    title: str
    question: str
    caption: str
    marks: int
    png: bytes = field(repr=False)
    svg: bytes = field(repr=False)


@dataclass(frozen=True)
class FigureRun:
    """What ``sistercity figures`` wrote, and the figures it could not draw (with the reason)."""

    written: tuple[Path, ...]
    figures: tuple[Figure, ...]
    skipped: tuple[str, ...]


def write_figures(store: ox.Store, *, out: Path, with_world: bool) -> FigureRun:
    """Draw every figure the build has data for into ``out`` (PNG, SVG, index.html).

    Raises:
        ExportError: a file cannot be written.
    """
    from sistercity.publish.exporters.selection import build_view

    figures: list[Figure] = []
    skipped: list[str] = []
    case = build_view(store, ViewSpec(ViewKind.CASE))
    for make in (case_map, case_timeline, outcomes_by_dimension):
        _draw(make, case, figures, skipped)
    if with_world:
        world = build_view(store, ViewSpec(ViewKind.WORLD))
        for make in (degree_distribution, ties_by_distance, ties_by_decade, ties_by_kind,
                     top_country_pairs, world_map):
            _draw(make, world, figures, skipped)
    else:
        skipped.append("the world figures: the build has no world twinning lists (`--no-world`)")
    files: dict[Path, str | bytes] = {}
    for figure in figures:
        files[out / f"{figure.name}.png"] = figure.png
        files[out / f"{figure.name}.svg"] = figure.svg
    files[out / "index.html"] = index_page(figures, skipped)
    return FigureRun(write_files(files), tuple(figures), tuple(skipped))


def _draw(make: Callable[[GraphView], Figure | str], view: GraphView, figures: list[Figure],
          skipped: list[str]) -> None:
    result = make(view)
    if isinstance(result, str):
        skipped.append(result)
    else:
        figures.append(result)


# --- drawing helpers ------------------------------------------------------------------------------

def _pyplot():  # type: ignore[no-untyped-def]
    """pyplot on the Agg backend (no display), with reproducible SVG ids and no timestamps."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.hashsalt": "sistercity", "font.size": 10, "axes.titlesize": 12,
                         "axes.spines.top": False, "axes.spines.right": False})
    return plt


def _render(fig: object) -> tuple[bytes, bytes]:
    import io

    plt = _pyplot()
    png, svg = io.BytesIO(), io.BytesIO()
    fig.savefig(png, format="png", dpi=DPI, bbox_inches="tight",  # type: ignore[attr-defined]
                metadata={"Software": None})
    fig.savefig(svg, format="svg", bbox_inches="tight",  # type: ignore[attr-defined]
                metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return png.getvalue(), svg.getvalue()


def _year(text: str) -> float | None:
    """A date or year as a fractional year (``2017-10-16`` → 2017.79)."""
    parts = str(text).split("; ")[0].split("-")
    try:
        value = float(parts[0])
    except ValueError:
        return None
    if len(parts) > 1:
        value += (int(parts[1]) - 1) / 12
    if len(parts) > 2:
        value += (int(parts[2]) - 1) / 365
    return value


# --- the case ------------------------------------------------------------------------------------

def dated_nodes(view: GraphView) -> list[tuple[str, float, float, str]]:
    """The dated nodes of a case: (label, start, end, colour), in order of start."""
    found = []
    for _, data in view.graph.nodes(data=True):
        start = _year(str(data.get("start_date") or data.get("date_published") or ""))
        if start is None:
            continue
        end_text = str(data.get("end_date", ""))
        end = _year(end_text)
        whole_year = len(end_text.split("-")) == 1 if end_text else len(
            str(data.get("start_date") or data.get("date_published")).split("-")) == 1
        end = (end if end is not None else start) + (1.0 if whole_year else 0.03)
        found.append((str(data["label"]), start, max(end, start + 0.03), str(data["color"])))
    return sorted(found, key=lambda item: (item[1], item[0]))


def case_timeline(view: GraphView) -> Figure | str:
    """The dated nodes of the Bandung–Seoul case on one time axis."""
    items = dated_nodes(view)
    if not items:
        return "the case timeline: the case has no dated nodes"
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(9, 0.42 * len(items) + 1.2))
    for row, (label, start, end, colour) in enumerate(items):
        ax.barh(row, end - start, left=start, height=0.6, color=colour, edgecolor="#444")
    ax.set_yticks(range(len(items)), [_short(label, 70) for label, *_ in items])
    ax.invert_yaxis()
    ax.set_xlabel("year")
    ax.grid(axis="x", color="#ddd")
    ax.set_title(view.title + ": dated agreements, projects, events and plans")
    first, last = min(i[1] for i in items), max(i[2] for i in items)
    png, svg = _render(fig)
    return Figure("case-timeline", "Timeline of the Bandung–Seoul case",
                  "In what order did the agreements, projects, events and plans of the case happen?",
                  f"{len(items)} dated nodes from {math.floor(first)} to {math.ceil(last) - 1}; "
                  "a bar runs from a node's start to its end (a year without a month fills the year).",
                  len(ax.patches), png, svg)


def outcome_dimensions(view: GraphView) -> Counter[str]:
    """Outcomes per Smart LBEG dimension (an outcome with two dimensions counts in both)."""
    counts: Counter[str] = Counter()
    for _, data in view.graph.nodes(data=True):
        if data.get("group") == "Outcome":
            for dimension in str(data.get("dimension") or "no dimension stated").split("; "):
                counts[dimension] += 1
    return counts


def outcomes_by_dimension(view: GraphView) -> Figure | str:
    """Bars: outcomes of the case per Smart LBEG dimension."""
    counts = outcome_dimensions(view)
    if not counts:
        return "outcomes by dimension: the case has no outcomes"
    colours = {str(d["dimension"]): str(d["color"]) for _, d in view.graph.nodes(data=True)
               if d.get("group") == "Outcome" and d.get("dimension")}
    names = sorted(counts, key=lambda k: (-counts[k], k))
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.bar(names, [counts[n] for n in names], color=[colours.get(n, "#bab0ac") for n in names],
           edgecolor="#444")
    for x, name in enumerate(names):
        ax.text(x, counts[name] + 0.1, str(counts[name]), ha="center", va="bottom")
    ax.set_ylabel("outcomes")
    ax.set_title("Outcomes of the Bandung–Seoul cooperation by Smart LBEG dimension")
    png, svg = _render(fig)
    total = sum(1 for _, d in view.graph.nodes(data=True) if d.get("group") == "Outcome")
    return Figure("outcomes-by-dimension", "Outcomes by Smart LBEG dimension",
                  "Which smart-city dimensions did the cooperation's outcomes serve?",
                  f"{total} outcomes: " + ", ".join(f"{n} {counts[n]}" for n in names) + ".",
                  len(ax.patches), png, svg)


CASE_MAP_COLUMNS = 2
CASE_MAP_WIDTH = 8.8  # inches: 634 pt, 845 px on a page (under GitHub's 880), with 10 pt text


def case_map(view: GraphView) -> Figure | str:
    """Every node of the case by role (the explorer's bands, as rows), coloured by class; its
    relations are left to the explorer, where they can be followed one by one."""
    import textwrap

    graph = view.graph
    if not len(graph):
        return "the case map: the case view is empty"
    bands = graph.graph.get("bands") or [{"key": "other", "title": "Nodes"}]
    place: dict[str, tuple[float, float]] = {}
    rows: list[tuple[float, str]] = []  # band headers: (row, title)
    row = 0.0
    for band in bands:
        members = sorted((n for n, d in graph.nodes(data=True) if d.get("role", "other") == band["key"]),
                         key=lambda n: (graph.nodes[n]["x"], graph.nodes[n]["y"]))
        if not members:
            continue
        rows.append((row, f"{band['title']} ({len(members)})"))
        row += 1
        for i, node in enumerate(members):
            place[node] = (i % CASE_MAP_COLUMNS, row + i // CASE_MAP_COLUMNS)
        row += math.ceil(len(members) / CASE_MAP_COLUMNS) + 0.4
    plt = _pyplot()
    plt.rcParams["svg.fonttype"] = "none"  # text as <text>, so its size can be read and searched
    fig, ax = plt.subplots(figsize=(CASE_MAP_WIDTH, 0.42 * row + 0.6))
    for node, (x, y) in place.items():
        data = graph.nodes[node]
        ax.scatter([x], [y], s=28, color=str(data["color"]), edgecolors="#444", linewidths=0.5, zorder=3)
        label = textwrap.shorten(str(data["label"]), 70, placeholder="…")
        ax.text(x + 0.05, y, "\n".join(textwrap.wrap(label, 42)[:2]), fontsize=10, va="center",
                ha="left", zorder=4, linespacing=0.95)
    for y, title in rows:
        ax.text(-0.08, y, title, fontsize=11, fontweight="bold", color="#34495e", va="center")
    ax.set_xlim(-0.1, CASE_MAP_COLUMNS)
    ax.set_ylim(row, -0.8)
    ax.set_axis_off()
    ax.set_title(view.title, fontsize=12, loc="left")
    png, svg = _render(fig)
    plt.rcParams["svg.fonttype"] = "path"
    return Figure("case-map", "The case by role",
                  "Who and what make up the case, and how are they linked?",
                  f"{len(place)} nodes in {len(rows)} roles, in the explorer's order (nodes next to "
                  f"the nodes they link to); their {graph.number_of_edges()} relations are in the "
                  "explorer, case.html.", len(place), png, svg)


# --- the world -----------------------------------------------------------------------------------

def degree_counts(view: GraphView) -> Counter[int]:
    """How many places have each number of twinnings (in the whole network)."""
    return Counter(int(d.get("degree", 0)) for _, d in view.graph.nodes(data=True))


def degree_distribution(view: GraphView) -> Figure | str:
    """Points on log–log axes: number of places with k twinnings, for each k."""
    counts = degree_counts(view)
    counts.pop(0, None)
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 4.2))
    ks = sorted(counts)
    points = ax.scatter(ks, [counts[k] for k in ks], s=14, color="#4e79a7")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("twinnings of a place (degree k)")
    ax.set_ylabel("places with k twinnings")
    ax.set_title("Degree distribution of the world twinning network")
    ax.grid(color="#eee", which="both")
    png, svg = _render(fig)
    places = sum(counts.values())
    top = max(view.graph.nodes(data=True), key=lambda nd: nd[1].get("degree", 0))[1]
    return Figure("degree-distribution", "Degree distribution (log–log)",
                  "Do a few cities hold most of the twinnings?",
                  f"{places:,} places; {counts.get(1, 0):,} have a single twinning, the most "
                  f"connected ({top['label']}) has {top.get('degree', 0)}.",
                  len(points.get_offsets()), png, svg)


def distance_bands(view: GraphView) -> list[tuple[str, int]]:
    """Twinnings per great-circle distance band (those with a distance)."""
    distances = [float(d["distance_km"]) for _, _, d in view.graph.edges(data=True)
                 if "distance_km" in d]
    return [(f"{lo:,}–{hi:,} km" if hi < 20000 else f"over {lo:,} km",
             sum(1 for km in distances if lo <= km < hi)) for lo, hi in DISTANCE_BANDS]


def ties_by_distance(view: GraphView) -> Figure | str:
    """Bars: twinnings per distance band."""
    bands = distance_bands(view)
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 3.4))
    ax.bar([b for b, _ in bands], [n for _, n in bands], color="#59a14f", edgecolor="#444")
    ax.set_ylabel("twinnings")
    ax.set_title("Twinnings by great-circle distance between the partners")
    ax.tick_params(axis="x", labelsize=9)
    png, svg = _render(fig)
    total = sum(n for _, n in bands)
    largest = max(bands, key=lambda b: b[1])
    return Figure("ties-by-distance", "Ties by distance band",
                  "How far apart are twinned cities?",
                  f"{total:,} twinnings with a distance; the most ({largest[1]:,}) are "
                  f"{largest[0]} apart.", len(ax.patches), png, svg)


def _edge_values(view: GraphView, name: str) -> list[str]:
    return [value for _, _, d in view.graph.edges(data=True) if name in d
            for value in str(d[name]).split("; ")]


def ties_by_decade(view: GraphView) -> Figure | str:
    """Bars: twinnings by the decade they started (where a source gives a start year)."""
    years = []
    for value in _edge_values(view, "start_year"):
        try:
            years.append(int(float(value)))
        except ValueError:
            continue
    if not years:
        return ("ties by start decade: no twinning in the graph has a start year yet "
                "(the multi-source world lists bring them)")
    decades = Counter(year // 10 * 10 for year in years)
    keys = sorted(decades)
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 3.4))
    ax.bar([f"{k}s" for k in keys], [decades[k] for k in keys], color="#f28e2b", edgecolor="#444")
    ax.set_ylabel("twinnings")
    ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    ax.set_title("Twinnings by the decade they started")
    png, svg = _render(fig)
    peak = max(keys, key=lambda k: decades[k])
    return Figure("ties-by-decade", "Ties by start decade",
                  "When were the twinnings made?",
                  f"{len(years):,} twinnings with a start year, from {min(years)} to {max(years)}; "
                  f"the {peak}s saw the most ({decades[peak]:,}).", len(ax.patches), png, svg)


def ties_by_kind(view: GraphView) -> Figure | str:
    """Bars: twinnings by the kind of tie the sources give."""
    kinds = Counter(_edge_values(view, "kind"))
    if not kinds:
        return ("ties by kind: no twinning in the graph has a kind of tie yet "
                "(the multi-source world lists bring them)")
    names = sorted(kinds, key=lambda k: (-kinds[k], k))
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 0.4 * len(names) + 1.2))
    ax.barh(names, [kinds[n] for n in names], color="#b07aa1", edgecolor="#444")
    ax.invert_yaxis()
    ax.set_xlabel("twinnings")
    ax.set_title("Twinnings by kind of tie")
    png, svg = _render(fig)
    return Figure("ties-by-kind", "Ties by kind",
                  "Which kinds of tie (sister city, friendship, partnership …) do the sources record?",
                  ", ".join(f"{n} {kinds[n]:,}" for n in names) + ".", len(ax.patches), png, svg)


def country_pairs(view: GraphView) -> Counter[tuple[str, str]]:
    """Twinnings per pair of countries (names in alphabetical order; a country with itself too)."""
    graph = view.graph
    pairs: Counter[tuple[str, str]] = Counter()
    for a, b in graph.edges():
        ca, cb = str(graph.nodes[a].get("country") or "?"), str(graph.nodes[b].get("country") or "?")
        pairs[(min(ca, cb), max(ca, cb))] += 1
    return pairs


def top_country_pairs(view: GraphView) -> Figure | str:
    """Horizontal bars: the most twinned pairs of countries."""
    top = country_pairs(view).most_common(TOP_PAIRS)
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 0.36 * len(top) + 1.2))
    ax.barh([f"{a} – {b}" for (a, b), _ in top], [n for _, n in top], color="#e15759",
            edgecolor="#444")
    ax.invert_yaxis()
    ax.set_xlabel("twinnings")
    ax.set_title(f"The {len(top)} most twinned pairs of countries")
    png, svg = _render(fig)
    (a, b), n = top[0]
    return Figure("top-country-pairs", "Top country pairs",
                  "Between which countries are cities most often twinned?",
                  f"{a} – {b} leads with {_n(n, 'twinning')}; the {len(top)} pairs shown hold "
                  f"{sum(k for _, k in top):,} of {view.graph.number_of_edges():,}.",
                  len(ax.patches), png, svg)


def world_map(view: GraphView, *, width: float = 11.0) -> Figure | str:
    """The world's twinnings as great-circle arcs over coastlines and borders."""
    from matplotlib.collections import LineCollection, PolyCollection

    from sistercity.publish.exporters.basemap import load_basemap
    from sistercity.publish.exporters.geo import great_circles, split_at_antimeridian

    graph = view.graph
    located = {n: (float(d["lon"]), float(d["lat"])) for n, d in graph.nodes(data=True) if "lat" in d}
    ties = [(a, b) for a, b in graph.edges() if a in located and b in located and a != b]
    segments = []
    for arc in great_circles([(located[a], located[b]) for a, b in ties]):
        segments += split_at_antimeridian(arc)
    basemap = load_basemap()
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(width, width / 2))
    ax.add_collection(PolyCollection([p for p in basemap.land], facecolors="#efe9da",
                                     edgecolors="none"))
    ax.add_collection(LineCollection(list(basemap.borders), colors="#b9ad92", linewidths=0.3))
    arcs = LineCollection(segments, colors="#3b5b92", linewidths=0.25, alpha=0.12,
                          rasterized=True)  # 24,000 vector arcs would make a 20 MB SVG
    ax.add_collection(arcs)
    degrees = [float(graph.nodes[n].get("degree", 1)) for n in located]
    points = ax.scatter([p[0] for p in located.values()], [p[1] for p in located.values()],
                        s=[0.4 + d / 12 for d in degrees], color="#c0392b", linewidths=0, zorder=3,
                        rasterized=True)
    ax.set_xlim(-180, 180)
    ax.set_ylim(-60, 85)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_facecolor("#eaf2f8")
    fig.patch.set_facecolor("white")
    ax.set_title(f"{len(ties):,} twinnings between {len(located):,} places, as great circles")
    png, svg = _render(fig)
    unlocated = len(graph) - len(located)
    return Figure("world-map", "World map of ties",
                  "Where in the world are the twinned cities, and which regions do the ties join?",
                  f"{len(ties):,} twinnings drawn along the great circle (cut at the antimeridian); "
                  f"dot size grows with a place's twinnings. Coastlines and borders: GSHHG 2.3.6."
                  + (f" {_n(unlocated, 'partner place')} without coordinates not drawn."
                     if unlocated else ""),
                  len(ties), png, svg)


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# --- the index -----------------------------------------------------------------------------------

def index_page(figures: Sequence[Figure], skipped: Sequence[str]) -> str:
    """One page with every figure, its question and its caption (images beside it, offline)."""
    cards = []
    for figure in figures:
        cards.append(
            f'<figure id="{figure.name}"><h2>{html.escape(figure.title)}</h2>'
            f'<p class="question">{html.escape(figure.question)}</p>'
            f'<img src="{figure.name}.png" alt="{html.escape(figure.title)}">'
            f"<figcaption>{html.escape(figure.caption)} "
            f'<a href="{figure.name}.svg">SVG</a> · <a href="{figure.name}.png">PNG</a></figcaption>'
            "</figure>")
    missing = "".join(f"<li>{html.escape(reason)}</li>" for reason in skipped)
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            "<title>Figures — Sister City KG</title><style>"
            "body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:0 auto;padding:12px 20px;color:#222}"
            "figure{margin:28px 0;border-top:1px solid #ddd;padding-top:8px}"
            "img{max-width:100%;height:auto}.question{font-style:italic;color:#444}"
            "figcaption{font-size:14px;color:#333}</style></head><body>"
            "<h1>Figures of the Sister City KG</h1>"
            "<p>Each figure answers one question; its caption is computed from the same data."
            "</p>" + "".join(cards)
            + (f"<h2>Not drawn</h2><ul>{missing}</ul>" if missing else "")
            + "</body></html>\n")

