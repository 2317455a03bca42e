"""Views: what a user asks to export (``--view``) and what an exporter is given (a GraphView).

Every view gives each node the same core attributes, which every exporter relies on:
``label``, ``class`` (most specific class, local name), ``class_label``, ``group`` (the core class
that decides its colour and place), ``iri``, ``color`` (``#rrggbb``), ``size``, ``degree`` (the
node's degree in the built graph) and ``x``/``y`` (a layout in screen units, y pointing down); then
whatever the data says (``lat``/``lon``, ``country``, dates as ISO strings, ``amount``,
``dimension``, ``sources``, network metrics …). A count within the view itself is
``view_degree``. Every edge has ``relation`` (the property's label) and ``predicate`` (its IRI).
Values are str, int or float only, so every format can hold them.

Which part of the graph becomes a view is ``selection.py``; colours and groups ``styling.py``;
positions ``layout.py``; matching city and country names ``names.py``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from enum import Enum

import networkx as nx

from sistercity.core.errors import UsageError

DEFAULT_CASE = "bandung-seoul"
VIEW_HELP = "case[:SLUG] | world | city:NAME[@COUNTRY] | country:ISO"

Value = str | int | float


class ViewKind(str, Enum):
    """The kinds of view."""

    CASE = "case"
    WORLD = "world"
    CITY = "city"
    COUNTRY = "country"


@dataclass(frozen=True)
class ViewSpec:
    """A parsed --view: its kind, the city or country it names, and the ego-network depth."""

    kind: ViewKind
    name: str = ""
    country: str = ""
    depth: int = 1


@dataclass(frozen=True)
class GraphView:
    """One view of the graph: its kind, a file-name slug, a title, the graph, whether x/y are
    longitude/latitude, and what the view leaves out of the graph it was taken from (one
    sentence each, with its count)."""

    kind: ViewKind
    slug: str
    title: str
    graph: nx.MultiDiGraph
    geographic: bool
    left_out: tuple[str, ...] = field(default=())

    @property
    def directed(self) -> bool:
        """Whether the edges have a direction: a case's relations do, twinnings are symmetric."""
        return self.kind is ViewKind.CASE


def parse_view(text: str, *, depth: int = 1) -> ViewSpec:
    """Parse ``case``, ``world``, ``city:NAME[@COUNTRY]`` or ``country:ISO``.

    Raises:
        UsageError: an unknown view (with the closest valid ones) or a bad depth.
    """
    if depth < 1:
        raise UsageError(f"--depth must be 1 or more, got {depth}")
    kind, sep, rest = text.strip().partition(":")
    kinds = [k.value for k in ViewKind]
    if kind.lower() in (ViewKind.CASE.value, ViewKind.WORLD.value) and not sep:
        return ViewSpec(ViewKind(kind.lower()))
    if kind.lower() == ViewKind.CASE.value and rest.strip():
        return ViewSpec(ViewKind.CASE, rest.strip())
    if kind.lower() == ViewKind.CITY.value and rest.strip():
        name, _, country = rest.partition("@")
        return ViewSpec(ViewKind.CITY, name.strip(), country.strip(), depth)
    if kind.lower() == ViewKind.COUNTRY.value and rest.strip():
        return ViewSpec(ViewKind.COUNTRY, rest.strip(), depth=depth)
    close = difflib.get_close_matches(kind.lower(), kinds, n=2, cutoff=0.5)
    hint = f" Did you mean {' or '.join(close)}?" if close else ""
    raise UsageError(f"unknown view {text!r}: use one of {VIEW_HELP} "
                     f"(e.g. city:Bandung@ID, country:KR).{hint}")
