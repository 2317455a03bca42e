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

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from .importers.identity import great_circle_km
from .namespaces import ID, SC, WGS84

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


def components(net: nx.Graph) -> dict[URIRef, int]:
    """Connected-component index of every node: 0 is the largest, ties broken by smallest IRI."""
    parts = sorted((sorted(c) for c in nx.connected_components(net)), key=lambda c: (-len(c), c[0]))
    return {node: i for i, part in enumerate(parts) for node in part}


def _igraph(net: nx.Graph) -> tuple[object, list[URIRef]]:
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
    graph, nodes = _igraph(net)
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

    graph, nodes = _igraph(net)
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
    """Network metrics of the world graph, as an RDF graph and as CSV tables."""

    graph: Graph
    places: tuple[tuple[str, str, str, int, float, int, int], ...]  # iri, label, cc, deg, btw, comp, comm
    distances: tuple[tuple[str, float], ...]
    country_pairs: tuple[tuple[str, str, int], ...]
    figures: Mapping[str, float | int | str] = field(default_factory=dict)

    def csv_tables(self) -> dict[str, str]:
        """File name → CSV text for the places, twinning distances and country pairs."""
        return {
            "world-places.csv": _csv(["iri", "label", "country", "degree", "betweenness",
                                      "component", "community"], self.places),
            "world-twinning-distances.csv": _csv(["twinning", "great_circle_km"], self.distances),
            "world-country-pairs.csv": _csv(["country1", "country2", "twinnings"], self.country_pairs),
        }


def _csv(header: list[str], rows: object) -> str:
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
    """Degree, betweenness, components, Louvain communities, distances and country pairs.

    Betweenness is estimated from ``sample`` sources (None: exact); the choice is recorded in
    ``figures``. Returns the figures as an ``Analytics``: its ``graph`` holds only new triples (for the
    ``analytics`` named graph); ``world`` is not modified.
    """
    net = twinning_network(world)
    comp = components(net)
    btw = betweenness(net, sample=sample, seed=seed)
    comm, modularity = communities(net, seed=seed)
    dist = twinning_distances(net)
    countries = country_network(net)
    out = Graph()
    nonneg, decimal = XSD.nonNegativeInteger, XSD.decimal
    quads = []
    for node in sorted(net.nodes):
        quads += [(node, SC.degree, Literal(net.degree[node], datatype=nonneg), out),
                  (node, SC.betweenness, Literal(f"{btw[node]:.9f}", datatype=decimal), out),
                  (node, SC.component, Literal(comp[node], datatype=nonneg), out),
                  (node, SC.community, Literal(comm[node], datatype=nonneg), out)]
    for twinning, km in sorted(dist.items()):
        quads.append((twinning, SC.greatCircleKm, Literal(f"{km:.1f}", datatype=decimal), out))
    pairs = []
    for a, b, data in sorted(countries.edges(data=True), key=lambda e: (min(e[0], e[1]), max(e[0], e[1]))):
        a, b = sorted((a, b))
        pair = country_pair_iri(a, b)
        pairs.append((a, b, data["weight"]))
        quads += [(pair, RDF.type, SC.CountryPair, out),
                  (pair, RDFS.label, Literal(f"{a} – {b}", lang="en"), out),
                  (pair, SC.pairedCountry, ID[f"country/{a.lower()}"], out),
                  (pair, SC.pairedCountry, ID[f"country/{b.lower()}"], out),
                  (pair, SC.countryPairCount, Literal(data["weight"], datatype=nonneg), out)]
    out.addN(quads)
    sizes = Counter(comp.values())
    figures = {"places": net.number_of_nodes(), "twinnings": net.number_of_edges(),
               "components": len(sizes), "largest_component": sizes[0],
               "communities": len(set(comm.values())), "modularity": round(modularity, 4),
               "betweenness": "exact" if sample is None or sample >= net.number_of_nodes()
               else f"sampled from {sample} sources (seed {seed}), rescaled",
               "louvain_seed": seed, "country_pairs": len(pairs)}
    places = tuple((str(n), net.nodes[n]["label"], net.nodes[n]["country"], net.degree[n],
                    round(btw[n], 9), comp[n], comm[n]) for n in sorted(net.nodes))
    return Analytics(out, places, tuple((str(t), round(km, 1)) for t, km in sorted(dist.items())),
                     tuple(pairs), figures)
