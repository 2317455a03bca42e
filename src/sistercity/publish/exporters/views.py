"""Views: which part of the built graph becomes nodes and edges, as a networkx MultiDiGraph.

Every view gives each node the same core attributes, which every exporter relies on:
``label``, ``class`` (most specific sc: class, local name), ``class_label``, ``iri``, ``color``
(``#rrggbb``), ``size`` (by degree) and ``x``/``y`` (a layout in screen units, y pointing down);
then whatever the data says (``lat``/``lon``, ``country``, dates as ISO strings, ``amount``,
``dimension``, ``sources``, network metrics …). Every edge has ``relation`` (the property's label)
and ``predicate`` (its IRI). Values are str, int or float only, so every format can hold them.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

import networkx as nx
import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from sistercity.core.errors import UsageError
from sistercity.core.namespaces import GRAPH, SC, SCHEMA, VOCAB, WGS84

DEFAULT_CASE = "bandung-seoul"
CASE_GRAPH = GRAPH[f"case/{DEFAULT_CASE}"]
WORLD_GRAPH = GRAPH["world"]
ANALYTICS_GRAPH = GRAPH["analytics"]
INFERRED_GRAPH = GRAPH["inferred"]

# The kinds of case node, in order of precedence: a node's group (and colour) is the first of
# these it is an instance of. Sources, concepts, amounts, assessments and memberships are not
# nodes: they become attributes of the nodes they describe.
CASE_GROUPS = (SC.Outcome, SC.Actor, SC.Place, SC.Twinning, SC.Agreement, SC.AdvocacyProject,
               SC.Event, SC.PolicyTransfer, SC.Policy, SC.Plan, SC.Challenge, SC.Target,
               SC.ImplementationStage, SC.LegalInstrument, SC.LegalProvision)
GROUP_COLOURS = {str(cls): colour for cls, colour in (
    (SC.Actor, "#4e79a7"), (SC.Place, "#59a14f"), (SC.Twinning, "#8cd17d"),
    (SC.Agreement, "#f28e2b"), (SC.AdvocacyProject, "#e15759"), (SC.Event, "#ff9da7"),
    (SC.PolicyTransfer, "#b07aa1"), (SC.Policy, "#d4a6c8"), (SC.Outcome, "#bab0ac"),
    (SC.Plan, "#499894"), (SC.Challenge, "#d37295"), (SC.Target, "#fabfd2"),
    (SC.ImplementationStage, "#79706e"), (SC.LegalInstrument, "#b6992d"),
    (SC.LegalProvision, "#f1ce63"))}
# Outcomes are coloured by their Smart LBEG dimension (concept local name).
DIMENSION_COLOURS = {"smart-living": "#edc948", "smart-branding": "#76b7b2",
                     "smart-environment": "#2ca02c", "smart-government": "#9c755f"}
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#d62728", "#9467bd", "#8c564b",
           "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#aec7e8", "#ffbb78")
GEO_SCALE = 10.0  # screen units per degree in geographic layouts
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                   "positiveInteger", "nonPositiveInteger", "negativeInteger",
                                   "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
FLOAT_TYPES = {XSD + t for t in ("decimal", "double", "float")}
# Property -> attribute name, where the property's local name would read badly.
ATTRIBUTE_NAMES = {str(SC.smartCityDimension): "dimension", str(WGS84.lat): "lat",
                   str(WGS84.long): "lon", str(SCHEMA.startDate): "start_date",
                   str(SCHEMA.endDate): "end_date", str(PROV.wasDerivedFrom): "sources"}
SKIPPED = {str(RDF.type), str(RDFS.label), str(SKOS.prefLabel)}
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
    """One view of the graph: its kind, a file-name slug, a title, the graph, and whether x/y
    are longitude/latitude."""

    kind: ViewKind
    slug: str
    title: str
    graph: nx.MultiDiGraph
    geographic: bool


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


def build_view(store: ox.Store, spec: ViewSpec) -> GraphView:
    """Build the view ``spec`` from the built graph in ``store``.

    Raises:
        UsageError: the city or country is unknown (with the closest names) or ambiguous.
    """
    if spec.kind is ViewKind.CASE:
        return case_view(store, spec.name or DEFAULT_CASE)
    world = world_view(store)
    if spec.kind is ViewKind.WORLD:
        return world
    if spec.kind is ViewKind.CITY:
        return city_view(world, spec.name, country=spec.country, depth=spec.depth)
    return country_view(world, spec.name)


# --- reading the store -------------------------------------------------------------------------

def _select(store: ox.Store, query: str) -> list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]]:
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    # Iterating a solution is twice as fast as indexing it by name (pyoxigraph 0.5).
    return [{n: term for n, term in zip(names, sol) if term is not None} for sol in solutions]


def literal_value(term: ox.Literal) -> Value:
    """A literal as a Python value: numbers as int or float, everything else (dates too) as text."""
    datatype = term.datatype.value
    try:
        if datatype in INTEGER_TYPES:
            return int(term.value)
        if datatype in FLOAT_TYPES:
            return float(term.value)
    except ValueError:
        pass
    return term.value


def local_name(iri: str) -> str:
    """The last segment of an IRI (after #, else after the last /)."""
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def _labels(store: ox.Store) -> dict[str, str]:
    """Every IRI's preferred label outside the world graph (English first, then untagged, then any)."""
    rows = _select(store, f"""
        SELECT ?t ?l WHERE {{ GRAPH ?g {{ ?t <{RDFS.label}>|<{SKOS.prefLabel}> ?l }}
                              FILTER(?g != <{WORLD_GRAPH}> && isIRI(?t)) }}""")
    ranked: dict[str, tuple[int, str]] = {}
    for row in rows:
        literal = row["l"]
        assert isinstance(literal, ox.Literal)
        rank = {"en": 0, None: 1}.get(literal.language, 2)
        iri = row["t"].value
        if iri not in ranked or (rank, literal.value) < ranked[iri]:
            ranked[iri] = (rank, literal.value)
    return {iri: label for iri, (_, label) in ranked.items()}


def _ancestors(store: ox.Store) -> dict[str, set[str]]:
    """Each class's superclasses (transitive, itself included), from rdfs:subClassOf."""
    parents: dict[str, set[str]] = defaultdict(set)
    for row in _select(store, f"SELECT ?a ?b WHERE {{ ?a <{RDFS.subClassOf}> ?b "
                              "FILTER(isIRI(?a) && isIRI(?b)) }"):
        parents[row["a"].value].add(row["b"].value)
    closure: dict[str, set[str]] = {}

    def up(cls: str) -> set[str]:
        if cls not in closure:
            closure[cls] = {cls}
            for parent in parents.get(cls, ()):
                closure[cls] |= up(parent)
        return closure[cls]

    for cls in list(parents):
        up(cls)
    return defaultdict(set, closure)


def most_specific(types: Iterable[str], ancestors: Mapping[str, set[str]]) -> str | None:
    """The most specific sc: class among ``types`` (alphabetically first if several are)."""
    ours = {t for t in types if t.startswith(str(SC._NS))}
    specific = [t for t in ours if not any(t != o and t in ancestors.get(o, {o}) for o in ours)]
    return min(specific) if specific else None


# --- the case view -------------------------------------------------------------------------------

def case_view(store: ox.Store, case: str = DEFAULT_CASE) -> GraphView:
    """A curated case (default: Bandung–Seoul): its actors, places, agreements, projects, events,
    transfers, outcomes, plans … as nodes; every object property between two of them as an edge.

    Raises:
        UsageError: no case graph of that name (the message lists the cases).
    """
    case_graph = GRAPH[f"case/{case}"]
    known = sorted(g.value.removeprefix(str(GRAPH["case/"])) for g in store.named_graphs()
                   if g.value.startswith(str(GRAPH["case/"])))
    if known and case not in known:  # an empty build is reported as an empty view
        close = difflib.get_close_matches(case, known, n=2, cutoff=0.4)
        raise UsageError(f"no case {case!r}: the built graph has "
                         + ", ".join(f"case:{k}" for k in known)
                         + (f". Did you mean {' or '.join(close)}?" if close else ""))
    labels = _labels(store)
    ancestors = _ancestors(store)
    triples = _select(store, f"SELECT ?s ?p ?o WHERE {{ GRAPH <{case_graph}> {{ ?s ?p ?o }} }}")
    asserted: dict[str, set[str]] = defaultdict(set)
    by_subject: dict[str, list[tuple[str, ox.NamedNode | ox.Literal | ox.BlankNode]]] = defaultdict(list)
    for row in triples:
        if not isinstance(row["s"], ox.NamedNode):
            continue
        subject, predicate = row["s"].value, row["p"].value
        if predicate == str(RDF.type) and isinstance(row["o"], ox.NamedNode):
            asserted[subject].add(row["o"].value)
        by_subject[subject].append((predicate, row["o"]))
    inferred = _types_of(store, asserted, case_graph)
    groups = [str(g) for g in CASE_GROUPS]
    nodes: dict[str, str] = {}  # node IRI -> group class
    for subject in by_subject:
        every = set().union(*(ancestors.get(t, {t}) for t in asserted[subject] | inferred[subject]))
        group = next((g for g in groups if g in every), None)
        if group is not None:
            nodes[subject] = group
    sources = _source_labels(store, labels)
    graph = nx.MultiDiGraph()
    for iri, group in nodes.items():
        cls = most_specific(asserted[iri], ancestors) or most_specific(inferred[iri], ancestors) or group
        attributes = _case_attributes(by_subject, iri, labels, sources)
        colour = GROUP_COLOURS[group]
        if group == str(SC.Outcome):
            colour = _dimension_colour(attributes.get("dimension_iri"))
        attributes.pop("dimension_iri", None)
        graph.add_node(iri, label=labels.get(iri, local_name(iri)), iri=iri, **{
            "class": local_name(cls), "class_label": labels.get(cls, local_name(cls)),
            "group": local_name(group), "color": colour}, **attributes)
    for subject in nodes:
        for predicate, obj in by_subject[subject]:
            if isinstance(obj, ox.NamedNode) and obj.value in nodes and predicate not in SKIPPED:
                graph.add_edge(subject, obj.value, key=local_name(predicate), predicate=predicate,
                               relation=labels.get(predicate, local_name(predicate)))
    _add_coordinates(store, graph)
    _size_by_degree(graph, base=10.0, step=5.0)
    _spring_positions(graph)
    if case == DEFAULT_CASE:
        return GraphView(ViewKind.CASE, "case", "Bandung–Seoul smart-city cooperation", graph,
                         geographic=False)
    return GraphView(ViewKind.CASE, f"case-{case}", f"Case {case}", graph, geographic=False)


def _types_of(store: ox.Store, asserted: Mapping[str, set[str]],
              case_graph: URIRef = CASE_GRAPH) -> dict[str, set[str]]:
    """Types of the case subjects from every graph (the reasoner's inferred types included)."""
    if not asserted:
        return defaultdict(set)
    rows = _select(store, f"""SELECT ?s ?t WHERE {{ GRAPH <{case_graph}> {{ ?s ?p ?o }}
                                                  ?s a ?t FILTER(isIRI(?s) && isIRI(?t)) }}""")
    found: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        found[row["s"].value].add(row["t"].value)
    return found


def _source_labels(store: ox.Store, labels: Mapping[str, str]) -> dict[str, str]:
    """A readable name for each source: its in-text citation, else its title, else its label."""
    rows = _select(store, f"""SELECT ?s ?cited ?title WHERE {{
        {{ ?s <{SC.citedAs}> ?cited }} UNION {{ ?s <{DCTERMS.title}> ?title }} }}""")
    names: dict[str, str] = {}
    for row in sorted(rows, key=lambda r: "cited" not in r):
        names.setdefault(row["s"].value, (row.get("cited") or row["title"]).value)
    return defaultdict(str, {**labels, **names})


def _case_attributes(by_subject: Mapping[str, list[tuple[str, object]]], iri: str,
                     labels: Mapping[str, str], sources: Mapping[str, str]) -> dict[str, Value]:
    """The literal properties, concepts, amounts, assessments and sources of one case node."""
    values: dict[str, list[Value]] = defaultdict(list)
    for predicate, obj in by_subject[iri]:
        if predicate in SKIPPED:
            continue
        name = ATTRIBUTE_NAMES.get(predicate, local_name(predicate))
        if isinstance(obj, ox.Literal):
            values[name].append(literal_value(obj))
        elif isinstance(obj, ox.NamedNode) and predicate == str(PROV.wasDerivedFrom):
            values[name].append(sources.get(obj.value) or local_name(obj.value))
        elif isinstance(obj, ox.NamedNode) and predicate == str(SC.monetaryValue):
            values.update(_amount(by_subject, obj.value))
        elif isinstance(obj, ox.NamedNode) and obj.value.startswith(str(VOCAB)):
            values[name].append(labels.get(obj.value, local_name(obj.value)))
            if name == "dimension":
                values["dimension_iri"].append(obj.value)
        elif isinstance(obj, ox.NamedNode) and predicate == str(SC.notStatedInSource):
            values[name].append(local_name(obj.value))
    for pairs in by_subject.values():
        # An assessment of this transfer becomes "concept: result" on the transfer.
        if (str(SC.assesses), ox.NamedNode(iri)) in pairs:
            concept = next((o.value for p, o in pairs if p == str(SC.assessedConcept)), "")
            result = next((o.value for p, o in pairs if p == str(SC.assessmentResult)), "")
            values["assessments"].append(f"{labels.get(concept, local_name(concept))}: "
                                         f"{labels.get(result, local_name(result))}")
    return {name: _flatten(found) for name, found in values.items()}


def _amount(by_subject: Mapping[str, list[tuple[str, object]]], iri: str) -> dict[str, list[Value]]:
    """A monetary amount node folded into its owner: ``amount``, ``currency``, ``amount_as_stated``."""
    names = {str(SCHEMA.value): "amount", str(SCHEMA.currency): "currency",
             str(SC.amountAsStated): "amount_as_stated", str(SC.uncertaintyNote): "amount_note"}
    found: dict[str, list[Value]] = defaultdict(list)
    for predicate, obj in by_subject.get(iri, []):
        if predicate in names and isinstance(obj, ox.Literal):
            found[names[predicate]].append(literal_value(obj))
    return found


def _flatten(values: list[Value]) -> Value:
    unique = list(dict.fromkeys(values))
    return unique[0] if len(unique) == 1 else "; ".join(str(v) for v in unique)


def _dimension_colour(dimension: Value | None) -> str:
    if not dimension:
        return GROUP_COLOURS[str(SC.Outcome)]
    first = str(dimension).split("; ")[0]
    return DIMENSION_COLOURS.get(local_name(first), _palette(local_name(first)))


def _palette(key: object) -> str:
    """A stable colour for any key (country code, community number)."""
    return PALETTE[zlib.crc32(str(key).encode()) % len(PALETTE)]


def _add_coordinates(store: ox.Store, graph: nx.MultiDiGraph) -> None:
    """Add lat/lon to the case places, wherever in the built graph they are stated."""
    if not graph:
        return
    values = " ".join(f"<{iri}>" for iri in graph)
    rows = _select(store, f"""SELECT ?s ?lat ?lon WHERE {{ VALUES ?s {{ {values} }}
                             ?s <{WGS84.lat}> ?lat ; <{WGS84.long}> ?lon }}""")
    for row in rows:
        graph.nodes[row["s"].value].update(lat=literal_value(row["lat"]), lon=literal_value(row["lon"]))


def _size_by_degree(graph: nx.MultiDiGraph, *, base: float, step: float) -> None:
    for node, degree in graph.degree():
        graph.nodes[node]["degree"] = degree
        graph.nodes[node]["size"] = round(base + step * math.sqrt(degree), 2)


def _spring_positions(graph: nx.MultiDiGraph) -> None:
    """Kamada–Kawai when the graph is connected (it reads best), else a seeded spring layout."""
    if not graph:
        return
    simple = nx.Graph(graph.to_undirected())
    if len(simple) > 2 and nx.is_connected(simple):
        positions = nx.kamada_kawai_layout(simple)
    else:
        positions = nx.spring_layout(simple, seed=7)
    span = max((max(abs(x), abs(y)) for x, y in positions.values()), default=1.0) or 1.0
    for node, (x, y) in positions.items():
        graph.nodes[node]["x"] = round(float(x) / span * 600, 2)
        graph.nodes[node]["y"] = round(float(y) / span * 600, 2)


# --- the world view and its parts --------------------------------------------------------------

def world_view(store: ox.Store) -> GraphView:
    """Cities as nodes, twinnings as edges, at their coordinates; country and metrics attached."""
    graph = nx.MultiDiGraph()
    countries = _countries(store)
    for row in _select(store, f"""SELECT ?city ?label ?country ?lat ?lon WHERE {{
            ?city a <{SC.City}> .
            OPTIONAL {{ ?city <{RDFS.label}> ?label }}
            OPTIONAL {{ ?city <{SC.inCountry}> ?country }}
            OPTIONAL {{ ?city <{WGS84.lat}> ?lat ; <{WGS84.long}> ?lon }} }}"""):
        iri = row["city"].value
        if iri in graph:
            if "label" in row and row["label"].language == "en":
                graph.nodes[iri]["label"] = row["label"].value
            continue
        code, country = countries.get(row["country"].value, ("", "")) if "country" in row else ("", "")
        attributes: dict[str, Value] = {"label": row["label"].value if "label" in row else local_name(iri),
                                        "iri": iri, "class": "City", "class_label": "city",
                                        "country": country, "country_code": code}
        if "lat" in row:
            lat, lon = float(row["lat"].value), float(row["lon"].value)
            attributes.update(lat=lat, lon=lon, x=round(lon * GEO_SCALE, 3),
                              y=round(-lat * GEO_SCALE, 3))
        graph.add_node(iri, **attributes)
    _add_twinnings(store, graph)
    metrics = _add_metrics(store, graph)
    community = next((m for m in sorted(metrics) if "community" in m.lower()), None)
    for _, data in graph.nodes(data=True):
        data.setdefault("x", 0.0)
        data.setdefault("y", 0.0)
        data["color"] = _palette(data.get(community, "") if community else data.get("country_code", ""))
    _size_by_degree(graph, base=2.0, step=1.5)
    return GraphView(ViewKind.WORLD, "world", "World twinning network", graph, geographic=True)


def _countries(store: ox.Store) -> dict[str, tuple[str, str]]:
    """Country IRI -> (ISO code, name)."""
    rows = _select(store, f"""SELECT ?c ?code ?label WHERE {{ ?c a <{SC.Country}> .
        OPTIONAL {{ ?c <{SC.countryCode}> ?code }} OPTIONAL {{ ?c <{RDFS.label}> ?label }} }}""")
    found: dict[str, tuple[str, str]] = {}
    for row in rows:
        iri = row["c"].value
        code = row["code"].value if "code" in row else ""
        label = row["label"].value if "label" in row else local_name(iri).upper()
        if iri not in found or ("label" in row and row["label"].language in (None, "en")):
            found[iri] = (code, label)
    return found


def _add_twinnings(store: ox.Store, graph: nx.MultiDiGraph) -> None:
    """Each twinning (from any graph but the inferred one) becomes one edge between its partners."""
    relation = "twinned with"
    rows = _select(store, f"""SELECT ?t ?g ?a ?b ?km ?status WHERE {{
        GRAPH ?g {{ ?t <{SC.partner}> ?a , ?b FILTER(STR(?a) < STR(?b)) }}
        FILTER(?g != <{INFERRED_GRAPH}>)
        OPTIONAL {{ ?t <{SC.greatCircleKm}> ?km }}
        OPTIONAL {{ ?t <{SC.twinningStatus}>/<{SKOS.prefLabel}> ?status FILTER(lang(?status) = "en") }} }}""")
    for row in rows:
        twinning, a, b = row["t"].value, row["a"].value, row["b"].value
        if a not in graph or b not in graph or graph.has_edge(a, b, key=twinning):
            continue
        attributes: dict[str, Value] = {"relation": relation, "predicate": str(SC.twinnedWith),
                                        "twinning": twinning,
                                        "graph": row["g"].value.removeprefix(str(GRAPH))}
        if "km" in row:
            attributes["distance_km"] = float(row["km"].value)
        if "status" in row:
            attributes["status"] = row["status"].value
        graph.add_edge(a, b, key=twinning, **attributes)


def _add_metrics(store: ox.Store, graph: nx.MultiDiGraph) -> set[str]:
    """Every numeric literal of a node in the analytics graph becomes a node attribute."""
    names: set[str] = set()
    for row in _select(store, f"""SELECT ?s ?p ?v WHERE {{ GRAPH <{ANALYTICS_GRAPH}> {{
                                    ?s ?p ?v FILTER(isLiteral(?v)) }} }}"""):
        node = row["s"].value
        value = literal_value(row["v"])
        if node in graph and isinstance(value, int | float) and not isinstance(value, bool):
            name = local_name(row["p"].value)
            graph.nodes[node][name] = value
            names.add(name)
    return names


def normalise(text: str) -> str:
    """Case- and accent-insensitive form of a name: ``Bağcılar`` and ``bagcilar`` compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def _country_matches(data: Mapping[str, Value], wanted: str) -> bool:
    code = str(data.get("country_code", "")).upper()
    if wanted.upper() == code:
        return True
    return normalise(wanted) == normalise(str(data.get("country", ""))) or _iso2(wanted) == code != ""


def _iso2(text: str) -> str:
    """The ISO 3166-1 alpha-2 code pycountry finds for a code or name, else ''."""
    import pycountry

    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        return ""


def city_view(world: GraphView, name: str, *, country: str = "", depth: int = 1) -> GraphView:
    """The ego network of one city, ``depth`` twinning steps out.

    Raises:
        UsageError: no city of that name (the closest names listed), or several (add @COUNTRY).
    """
    graph = world.graph
    wanted = normalise(name)
    matches = [n for n, d in graph.nodes(data=True) if normalise(str(d["label"])) == wanted
               and (not country or _country_matches(d, country))]
    if not matches:
        spelled = {normalise(str(d["label"])): str(d["label"]) for _, d in graph.nodes(data=True)}
        close = difflib.get_close_matches(wanted, list(spelled), n=5, cutoff=0.6)
        options = [f"{n}@{graph.nodes[m]['country_code']}" for c in close for n in [spelled[c]]
                   for m in graph if graph.nodes[m]["label"] == n][:8]
        where = f" in {country}" if country else ""
        hint = ("Closest: " + ", ".join(options)) if options else "Check the spelling."
        raise UsageError(f"no city named {name!r}{where} in the twinning network. {hint}")
    if len(matches) > 1:
        options = ", ".join(sorted(f"city:{graph.nodes[m]['label']}@{graph.nodes[m]['country_code']}"
                                   for m in matches))
        raise UsageError(f"{len(matches)} cities are named {name!r}: choose one of {options}")
    centre = matches[0]
    hops = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), centre,
                                                 cutoff=depth)
    sub = graph.subgraph(hops).copy()
    for node, distance in hops.items():
        sub.nodes[node]["hops"] = distance
    _size_by_degree(sub, base=4.0, step=3.0)
    data = graph.nodes[centre]
    slug = f"city-{_slug(str(data['label']))}-{str(data['country_code']).lower()}"
    slug += f"-depth{depth}" if depth != 1 else ""
    title = f"Twinnings of {data['label']} ({data['country']}), {depth} step(s)"
    return GraphView(ViewKind.CITY, slug, title, sub, geographic=True)


def country_view(world: GraphView, country: str) -> GraphView:
    """The twinnings with at least one partner in ``country`` (an ISO code or a name).

    Raises:
        UsageError: no city in that country (the closest country names listed).
    """
    graph = world.graph
    inside = {n for n, d in graph.nodes(data=True) if _country_matches(d, country)}
    if not inside:
        names = sorted({f"{d['country_code']} ({d['country']})" for _, d in graph.nodes(data=True)
                        if d.get("country_code")})
        close = difflib.get_close_matches(country.upper(), names, n=5, cutoff=0.3)
        hint = ("Closest: " + ", ".join(close)) if close else f"Known: {', '.join(names[:30])} …"
        raise UsageError(f"no city in country {country!r} in the twinning network. {hint}")
    edges = [(a, b, k) for a, b, k in graph.edges(keys=True) if a in inside or b in inside]
    sub = graph.edge_subgraph(edges).copy()
    sub.add_nodes_from((n, graph.nodes[n]) for n in inside)
    _size_by_degree(sub, base=3.0, step=2.0)
    code = next(str(graph.nodes[n]["country_code"]) for n in sorted(inside))
    name = next(str(graph.nodes[n]["country"]) for n in sorted(inside))
    return GraphView(ViewKind.COUNTRY, f"country-{code.lower() or _slug(country)}", f"Twinnings of cities in {name}",
                     sub, geographic=True)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise(text)).strip("-") or "x"
