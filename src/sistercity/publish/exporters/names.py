"""Finding the city or country a user names in ``--view``: accents and case ignored, close names
offered when nothing matches, every match listed when several do."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping

import networkx as nx

from sistercity.core.errors import UsageError
from sistercity.publish.exporters.views import Value


def normalise(text: str) -> str:
    """Case- and accent-insensitive form of a name: ``Bağcılar`` and ``bagcilar`` compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def slug(text: str) -> str:
    """A file-name slug of ``text``: lower case ASCII words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", normalise(text)).strip("-") or "x"


def country_matches(data: Mapping[str, Value], wanted: str) -> bool:
    """Whether a node's country is ``wanted`` (an ISO code or a name, in any case)."""
    code = str(data.get("country_code", "")).upper()
    if wanted.upper() == code:
        return True
    return normalise(wanted) == normalise(str(data.get("country", ""))) or iso2(wanted) == code != ""


def iso2(text: str) -> str:
    """The ISO 3166-1 alpha-2 code pycountry finds for a code or name, else ''."""
    import pycountry

    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        return ""


CITY_PATH = "/id/city/"


def city_key(iri: str) -> str:
    """The part of a city's IRI after ``/id/city/`` (``id/bandung-east-java``), which names one city
    even where two share a name and a country; '' for another IRI."""
    return iri.partition(CITY_PATH)[2]


def find_city(graph: nx.MultiDiGraph, name: str, *, country: str = "") -> str:
    """The one node of ``graph`` labelled ``name`` (in ``country`` if given), or whose IRI ends in
    ``/id/city/NAME``.

    Raises:
        UsageError: no city of that name (the closest names listed), or several (each with the key
            that names it alone).
    """
    if name.strip("/") and (node := next((n for n in graph if city_key(str(n)) == name.strip("/")), None)):
        return node
    wanted = normalise(name)
    matches = [n for n, d in graph.nodes(data=True) if normalise(str(d["label"])) == wanted
               and (not country or country_matches(d, country))]
    if not matches:
        spelled = {normalise(str(d["label"])): str(d["label"]) for _, d in graph.nodes(data=True)}
        close = difflib.get_close_matches(wanted, list(spelled), n=5, cutoff=0.6)
        options = [f"{n}@{graph.nodes[m]['country_code']}" for c in close for n in [spelled[c]]
                   for m in graph if graph.nodes[m]["label"] == n][:8]
        where = f" in {country}" if country else ""
        hint = ("Closest: " + ", ".join(options)) if options else "Check the spelling."
        raise UsageError(f"no city named {name!r}{where} in the twinning network. {hint}")
    if len(matches) > 1:
        raise UsageError(f"{len(matches)} cities are named {name!r}{f' in {country}' if country else ''}: "
                         f"choose one of {', '.join(_choices(graph, matches))}")
    return matches[0]


def _choices(graph: nx.MultiDiGraph, matches: list[str]) -> list[str]:
    """How to name each of several cities: by name and country where that pair is unique, else by
    the key of its IRI, with its twinnings so that the two can be told apart."""
    named = [f"city:{graph.nodes[m]['label']}@{graph.nodes[m]['country_code']}" for m in matches]
    choices = []
    for node, by_name in zip(matches, named, strict=True):
        twinnings = graph.nodes[node].get("degree", graph.degree(node))
        if named.count(by_name) == 1 or not city_key(str(node)):
            choices.append(by_name)
        else:
            choices.append(f"city:{city_key(str(node))} ({graph.nodes[node]['label']}, "
                           f"{graph.nodes[node]['country_code']}, {twinnings} twinning{'' if twinnings == 1 else 's'})")
    return sorted(choices)


def find_country(graph: nx.MultiDiGraph, country: str) -> set[str]:
    """The nodes of ``graph`` in ``country`` (an ISO code or a name).

    Raises:
        UsageError: no node in that country (the closest country names listed).
    """
    inside = {n for n, d in graph.nodes(data=True) if country_matches(d, country)}
    if not inside:
        names = sorted({f"{d['country_code']} ({d['country']})" for _, d in graph.nodes(data=True)
                        if d.get("country_code")})
        close = difflib.get_close_matches(country.upper(), names, n=5, cutoff=0.3)
        hint = ("Closest: " + ", ".join(close)) if close else f"Known: {', '.join(names[:30])} …"
        raise UsageError(f"no city in country {country!r} in the twinning network. {hint}")
    return inside
