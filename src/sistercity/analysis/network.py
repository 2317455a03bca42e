"""The twinning network: RDF → networkx views, metrics as pure functions, the analytics graph.

networkx is the project's graph API; the heavy algorithms (betweenness, Louvain) run in
igraph, which ``bench/bench_world.py`` measured as the faster engine on this graph.
"""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from sistercity.core import ntriples as nt
from sistercity.sources.countries import country_label
from sistercity.core.geo import great_circle_km
from sistercity.sources.twinnings import ImportResult
from sistercity.core.namespaces import ID, SC, WGS84

SEED = 20240601
# Exact betweenness takes about 12 s in igraph on the 17,000-place world graph; 1,000
# sampled sources take under a second (bench/bench_world.py).
BETWEENNESS_SAMPLE = 1000


def twinning_network(world: Graph) -> nx.Graph:
    """Undirected graph of places (nodes: IRIs) joined by twinnings (edge attribute ``twinning``).

    Node attributes: ``label``, ``country`` (ISO code), ``lat``/``long`` (float) when known.
    """
    net = nx.Graph()
    partners: dict[URIRef, list[URIRef]] = {}
    for twinning, _, place in world.triples((None, SC.partner, None)):
        partners.setdefault(twinning, []).append(place)  # type: ignore[arg-type]
    codes = {c: str(code) for c, _, code in world.triples((None, SC.countryCode, None))}
    for twinning in sorted(partners):
        one, two = sorted(partners[twinning])
        net.add_edge(one, two, twinning=twinning)
    for node in net.nodes:
        data = net.nodes[node]
        data["label"] = str(world.value(node, RDFS.label, default=""))
        country = world.value(node, SC.inCountry)
        data["country"] = codes.get(country, "") if country is not None else codes.get(node, "")
        lat, long = world.value(node, WGS84.lat), world.value(node, WGS84.long)
        if lat is not None and long is not None:
            data["lat"], data["long"] = float(lat), float(long)
    return net


def import_network(result: ImportResult) -> nx.Graph:
    """The same graph as :func:`twinning_network` of the imported graph, from the import itself
    (no RDF lookups: the build's fast path), with each twinning's earliest start year
    (edge ``start``) and each place's first population figure (node ``population``)."""
    net = nx.Graph()
    for twin in sorted(result.twinnings, key=lambda t: t.iri):
        one, two = sorted(twin.partners)
        years = [int(s[:4]) for c in twin.claims for s in c.starts]
        net.add_edge(one, two, twinning=twin.iri, **({"start": min(years)} if years else {}))
    for place in result.places:
        if place.iri not in net:
            continue
        data = net.nodes[place.iri]
        data["label"] = country_label(place.iso2) if place.is_country else place.name
        data["country"] = place.iso2
        if place.populations:
            data["population"] = place.populations[0].value
        if place.point is not None and not place.is_country:
            data["lat"], data["long"] = float(place.point[0]), float(place.point[1])
    return net


def add_twinnings(net: nx.Graph, other: nx.Graph) -> int:
    """Add the twinnings of ``other`` (e.g. the curated cases') that ``net`` lacks; places new to
    ``net`` bring their attributes, places it has keep theirs. Returns how many were added."""
    added = 0
    for a, b, data in sorted(other.edges(data=True), key=lambda e: str(e[2]["twinning"])):
        for node in (a, b):
            if node not in net:
                net.add_node(node, **other.nodes[node])
        if not net.has_edge(a, b):
            net.add_edge(a, b, **data)
            added += 1
    return added


def components(net: nx.Graph) -> dict[URIRef, int]:
    """Connected-component index of every node: 0 is the largest, ties broken by smallest IRI."""
    parts = sorted((sorted(c) for c in nx.connected_components(net)), key=lambda c: (-len(c), c[0]))
    return {node: i for i, part in enumerate(parts) for node in part}


def to_igraph(net: nx.Graph) -> tuple[object, list[URIRef]]:
    """The network as an igraph graph, with its nodes in the order of igraph's vertex indices."""
    import igraph  # the heavy algorithms only

    nodes = sorted(net.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    graph = igraph.Graph(n=len(nodes), edges=sorted((index[a], index[b]) for a, b in net.edges))
    return graph, nodes


def betweenness(net: nx.Graph, *, sample: int | None = None, seed: int = SEED) -> dict[URIRef, float]:
    """Normalised betweenness centrality (igraph); exact, or estimated from ``sample`` sources.

    The estimate is networkx's: shortest paths from ``sample`` random sources, rescaled by
    n / sample, so the two agree at the same sample and seed.
    """
    graph, nodes = to_igraph(net)
    n = len(nodes)
    if sample is None or sample >= n:
        raw = graph.betweenness(directed=False)  # type: ignore[attr-defined]
        scale = 1.0
    else:
        sources = sorted(random.Random(seed).sample(range(n), sample))
        raw = graph.betweenness(directed=False, sources=sources)  # type: ignore[attr-defined]
        scale = n / sample  # rescale the partial sums to all n sources, as networkx does
    norm = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0
    return {node: value * scale * norm for node, value in zip(nodes, raw)}


def communities(net: nx.Graph, *, seed: int = SEED) -> tuple[dict[URIRef, int], float]:
    """Louvain communities (igraph multilevel, seeded) and their modularity.

    Communities are numbered by size, largest first, ties broken by smallest IRI.
    """
    import igraph

    graph, nodes = to_igraph(net)
    # python-igraph draws from a module-level RNG: seed it for this call only, then restore.
    igraph.set_random_number_generator(random.Random(seed))
    try:
        clustering = graph.community_multilevel()  # type: ignore[attr-defined]
    finally:
        igraph.set_random_number_generator(random)
    groups = sorted((sorted(nodes[i] for i in members) for members in clustering),
                    key=lambda c: (-len(c), c[0]))
    return {node: i for i, group in enumerate(groups) for node in group}, float(clustering.modularity)


def twinning_distances(net: nx.Graph) -> dict[URIRef, float]:
    """Great-circle distance (km) of every twinning whose two places have coordinates."""
    out = {}
    for a, b, data in net.edges(data=True):
        pa, pb = net.nodes[a], net.nodes[b]
        if "lat" in pa and "lat" in pb:
            out[data["twinning"]] = great_circle_km(pa["lat"], pa["long"], pb["lat"], pb["long"])
    return out


def country_network(net: nx.Graph) -> nx.Graph:
    """Countries joined by how many twinnings link them (edge attribute ``weight``; self-loops
    count domestic twinnings)."""
    counts = Counter(tuple(sorted((net.nodes[a]["country"], net.nodes[b]["country"])))
                     for a, b in net.edges)
    out = nx.Graph()
    for (a, b), n in sorted(counts.items()):
        out.add_edge(a, b, weight=n)
    return out


@dataclass(frozen=True)
class Analytics:
    """Network metrics of the twinning network, as N-Triples text and as CSV tables."""

    ntriples: str
    places: tuple[tuple[str, str, str, int, float, int, int], ...]  # iri, label, cc, deg, btw, comp, comm
    distances: tuple[tuple[str, float], ...]
    country_pairs: tuple[tuple[str, str, int], ...]
    figures: Mapping[str, float | int | str] = field(default_factory=dict)
    tables: Mapping[str, str] = field(default_factory=dict)  # more CSV tables: file name → text
    markdown: str = ""  # more sections of world-network.md

    @cached_property
    def graph(self) -> Graph:
        """The metrics as an rdflib graph (parsed on first use)."""
        return nt.parse(self.ntriples)

    def csv_tables(self) -> dict[str, str]:
        """File name → CSV text for the places, twinning distances and country pairs."""
        return {
            "world-places.csv": csv_text(["iri", "label", "country", "degree", "betweenness",
                                      "component", "community"], self.places),
            "world-twinning-distances.csv": csv_text(["twinning", "great_circle_km"], self.distances),
            "world-country-pairs.csv": csv_text(["country1", "country2", "twinnings"], self.country_pairs),
            **self.tables,
        }


def csv_text(header: list[str], rows: object) -> str:
    """A CSV table (header, then rows) as text, with Unix line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)  # type: ignore[arg-type]
    return out.getvalue()


def country_pair_iri(a: str, b: str) -> URIRef:
    """IRI of a country pair: ``id/country-pair/{a}--{b}`` (codes lower-case, sorted)."""
    first, second = sorted((a.lower(), b.lower()))
    return ID[f"country-pair/{first}--{second}"]


def analyse(world: Graph, *, sample: int | None = BETWEENNESS_SAMPLE, seed: int = SEED) -> Analytics:
    """Network analytics of the twinnings in an RDF graph (see :func:`analyse_network`)."""
    return analyse_network(twinning_network(world), sample=sample, seed=seed)


def analyse_network(net: nx.Graph, *, sample: int | None = BETWEENNESS_SAMPLE,
                    seed: int = SEED) -> Analytics:
    """Degree, betweenness, components, Louvain communities, distances and country pairs.

    Betweenness is estimated from ``sample`` sources (None: exact); the choice is recorded in
    ``figures``. The triples (for the ``analytics`` named graph) are written as N-Triples text,
    the fast way into Oxigraph; ``Analytics.graph`` parses them on demand.
    """
    comp = components(net)
    btw = betweenness(net, sample=sample, seed=seed)
    comm, modularity = communities(net, seed=seed)
    dist = twinning_distances(net)
    countries = country_network(net)
    nonneg, decimal = str(XSD.nonNegativeInteger), str(XSD.decimal)
    degree_p, btw_p, comp_p, comm_p = (f"<{p}>" for p in (SC.degree, SC.betweenness,
                                                           SC.component, SC.community))
    lines = []
    for node in sorted(net.nodes):
        subject = f"<{node}>"
        lines += [f"{subject} {degree_p} {nt.literal(str(net.degree[node]), datatype=nonneg)} .\n",
                  f"{subject} {btw_p} {nt.literal(f'{btw[node]:.9f}', datatype=decimal)} .\n",
                  f"{subject} {comp_p} {nt.literal(str(comp[node]), datatype=nonneg)} .\n",
                  f"{subject} {comm_p} {nt.literal(str(comm[node]), datatype=nonneg)} .\n"]
    km_p, rank_p, positive = f"<{SC.greatCircleKm}>", f"<{SC.distanceRank}>", str(XSD.positiveInteger)
    stored = {twinning: f"{km:.1f}" for twinning, km in dist.items()}
    # Ranked by the stored (rounded) distance, so that the ranks agree with sc:greatCircleKm.
    by_length = sorted(stored, key=lambda t: (-float(stored[t]), str(t)))
    for rank, twinning in enumerate(by_length, start=1):
        lines += [f"<{twinning}> {km_p} {nt.literal(stored[twinning], datatype=decimal)} .\n",
                  f"<{twinning}> {rank_p} {nt.literal(str(rank), datatype=positive)} .\n"]
    pairs = []
    for a, b, data in sorted(countries.edges(data=True), key=lambda e: (min(e[0], e[1]), max(e[0], e[1]))):
        a, b = sorted((a, b))
        pair = f"<{country_pair_iri(a, b)}>"
        pairs.append((a, b, data["weight"]))
        lines += [f"{pair} <{RDF.type}> <{SC.CountryPair}> .\n",
                  f"{pair} <{RDFS.label}> {nt.literal(f'{a} – {b}', lang='en')} .\n",
                  f"{pair} <{SC.pairedCountry}> <{ID[f'country/{a.lower()}']}> .\n",
                  f"{pair} <{SC.pairedCountry}> <{ID[f'country/{b.lower()}']}> .\n",
                  f"{pair} <{SC.countryPairCount}> {nt.literal(str(data['weight']), datatype=nonneg)} .\n"]
    sizes = Counter(comp.values())
    figures = {"places": net.number_of_nodes(), "twinnings": net.number_of_edges(),
               "components": len(sizes), "largest_component": sizes[0] if sizes else 0,
               "communities": len(set(comm.values())), "modularity": round(modularity, 4),
               "betweenness": "exact" if sample is None or sample >= net.number_of_nodes()
               else f"sampled from {sample} sources (seed {seed}), rescaled",
               "louvain_seed": seed, "country_pairs": len(pairs)}
    places = tuple((str(n), net.nodes[n]["label"], net.nodes[n]["country"], net.degree[n],
                    round(btw[n], 9), comp[n], comm[n]) for n in sorted(net.nodes))
    return Analytics("".join(lines), places,
                     tuple((str(t), round(km, 1)) for t, km in sorted(dist.items())),
                     tuple(pairs), figures)
