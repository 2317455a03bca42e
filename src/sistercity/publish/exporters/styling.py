"""How a view looks: which core class a node belongs to (its group), the role it plays in a case
(its band in the layout), its colour, its size, and the names of the world's communities.

A node of a class no core group covers (a study's own class) falls back to the nearest core class
among its superclasses; a class with no core superclass at all is its own group, coloured from
the palette by its name, in the role "other".
"""

from __future__ import annotations

import math
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from sistercity.core.namespaces import SC
from sistercity.publish.exporters.views import Value

# The core groups, in order of precedence: a node's group (and colour) is the first of these it
# is an instance of.
CASE_GROUPS = (SC.Outcome, SC.AdvocacyProgramme, SC.Actor, SC.Place, SC.Twinning, SC.Agreement,
               SC.AdvocacyProject, SC.Event, SC.PolicyTransfer, SC.Policy, SC.Plan, SC.Challenge,
               SC.Target, SC.ImplementationStage, SC.LegalInstrument, SC.LegalProvision, SC.Source)
GROUP_COLOURS = {str(cls): colour for cls, colour in (
    (SC.Actor, "#4e79a7"), (SC.AdvocacyProgramme, "#c0392b"), (SC.Place, "#59a14f"),
    (SC.Twinning, "#8cd17d"), (SC.Agreement, "#f28e2b"), (SC.AdvocacyProject, "#e15759"),
    (SC.Event, "#ff9da7"), (SC.PolicyTransfer, "#b07aa1"), (SC.Policy, "#d4a6c8"),
    (SC.Outcome, "#bab0ac"), (SC.Plan, "#499894"), (SC.Challenge, "#d37295"),
    (SC.Target, "#fabfd2"), (SC.ImplementationStage, "#79706e"), (SC.LegalInstrument, "#b6992d"),
    (SC.LegalProvision, "#f1ce63"), (SC.Source, "#a0cbe8"))}
# Outcomes are coloured by their Smart LBEG dimension (concept local name).
DIMENSION_COLOURS = {"smart-living": "#edc948", "smart-branding": "#76b7b2",
                     "smart-environment": "#2ca02c", "smart-government": "#9c755f"}
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#d62728", "#9467bd", "#8c564b",
           "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#aec7e8", "#ffbb78")
OTHER_COMMUNITIES = "#c8c8c8"


@dataclass(frozen=True)
class Role:
    """A band of the case layout: the part a node plays in the case."""

    key: str
    title: str
    groups: tuple[str, ...]


ROLES = (
    Role("actors", "Places and actors", (str(SC.Place), str(SC.Actor), str(SC.Twinning))),
    Role("agreements", "Agreements", (str(SC.Agreement), str(SC.LegalInstrument),
                                      str(SC.LegalProvision))),
    Role("advocacy", "Advocacy programme, projects, stages and events",
         (str(SC.AdvocacyProgramme), str(SC.AdvocacyProject), str(SC.Event),
          str(SC.ImplementationStage))),
    Role("transfers", "Policy transfers", (str(SC.PolicyTransfer), str(SC.Policy), str(SC.Plan),
                                           str(SC.Challenge), str(SC.Target))),
    Role("outcomes", "Outcomes by dimension", (str(SC.Outcome),)),
    Role("sources", "Sources", (str(SC.Source),)),
    Role("other", "Other classes", ()),
)
ROLE_OF_GROUP = {group: role.key for role in ROLES for group in role.groups}


def local_name(iri: str) -> str:
    """The last segment of an IRI (after #, else after the last /)."""
    trimmed = iri.rstrip("/#")
    return trimmed[max(trimmed.rfind("#"), trimmed.rfind("/")) + 1:]


def group_of(classes: Iterable[str]) -> str | None:
    """The core group of a node with these classes (superclasses included), else None."""
    every = set(classes)
    return next((str(g) for g in CASE_GROUPS if str(g) in every), None)


def role_of(group: str) -> str:
    """The layout band of a group (``other`` for a study's class outside every core group)."""
    return ROLE_OF_GROUP.get(group, "other")


def group_colour(group: str) -> str:
    """The colour of a core group; a study's class gets a stable palette colour."""
    return GROUP_COLOURS.get(group) or palette(local_name(group))


def dimension_colour(dimension: Value | None) -> str:
    """An outcome's colour: its (first) Smart LBEG dimension's, else the outcome colour."""
    if not dimension:
        return GROUP_COLOURS[str(SC.Outcome)]
    first = str(dimension).split("; ")[0]
    return DIMENSION_COLOURS.get(local_name(first), palette(local_name(first)))


def palette(key: object) -> str:
    """A stable colour for any key (country code, community, class name)."""
    return PALETTE[zlib.crc32(str(key).encode()) % len(PALETTE)]


def size_by_degree(graph: nx.MultiDiGraph, *, base: float, step: float,
                   attribute: str = "degree") -> None:
    """Size each node by ``attribute`` (its degree in the graph, or in the view)."""
    for _, data in graph.nodes(data=True):
        data["size"] = round(base + step * math.sqrt(float(data.get(attribute, 0))), 2)


def community_names(graph: nx.MultiDiGraph, *, attribute: str = "community", members: int = 3,
                    named: int = len(PALETTE)) -> dict[Value, tuple[str, str]]:
    """Each community's name (its ``members`` largest cities by degree) and colour.

    The ``named`` largest communities get the palette's colours, in order of size; the smaller
    ones share one grey, so that a colour always means the same community.
    """
    by_community: dict[Value, list[tuple[float, str]]] = defaultdict(list)
    for _, data in graph.nodes(data=True):
        if attribute in data:
            by_community[data[attribute]].append((-float(data.get("degree", 0)), str(data["label"])))
    sizes = Counter({c: len(m) for c, m in by_community.items()})
    found: dict[Value, tuple[str, str]] = {}
    for rank, (community, count) in enumerate(sizes.most_common()):
        largest = [label for _, label in sorted(by_community[community])[:members]]
        name = ", ".join(largest) + (" …" if count > members else "")
        colour = PALETTE[rank] if rank < named else OTHER_COMMUNITIES
        found[community] = (f"{name} ({count} cities)", colour)
    return found


def legend(graph: nx.MultiDiGraph, key: str) -> dict[str, str]:
    """Each value of node attribute ``key`` with the colour its nodes have (first seen)."""
    found: dict[str, str] = {}
    for _, data in graph.nodes(data=True):
        if key in data:
            found.setdefault(str(data[key]), str(data["color"]))
    return found


def shares(values: Mapping[str, int]) -> str:
    """``a 3, b 2`` for a count per name, largest first."""
    return ", ".join(f"{k} {v}" for k, v in sorted(values.items(), key=lambda kv: (-kv[1], kv[0])))
