"""Who twins with whom, and when: ties by start year and decade, degree assortativity, population
homophily, distance decay, ties within and across continents and UN M49 sub-regions.

Pure functions of the twinning network (``network.import_network``: edges carry ``start``, the
earliest start year any claim gives; nodes carry ``population``, the first figure a source gives,
and ``country``), written as N-Triples of ontology/modules/patterns.ttl and as CSV tables.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

from sistercity.analysis.network import csv_text, to_igraph
from sistercity.core import ntriples as nt
from sistercity.core.geo import great_circle_km
from sistercity.core.namespaces import ID, SC, VOCAB
from sistercity.sources.regions import CountryRegion

# Lower bounds of the distance bands in km; the last band is open.
BANDS_KM = (0, 100, 500, 1000, 2500, 5000, 10000)
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
_NONNEG = "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"
_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


@dataclass(frozen=True)
class Patterns:
    """The pattern figures of one network, as tables, summary figures and N-Triples."""

    by_year: tuple[tuple[int, int], ...]  # start year → twinnings beginning then
    by_band: tuple[tuple[int, int | None, int], ...]  # (from km, to km or None, twinnings)
    continent_pairs: tuple[tuple[str, str, int], ...]
    region_pairs: tuple[tuple[str, str, int], ...]
    figures: Mapping[str, float | int]

    def by_decade(self) -> list[tuple[int, int]]:
        """Decade (its first year) → twinnings beginning in it."""
        counts: Counter[int] = Counter()
        for year, n in self.by_year:
            counts[year // 10 * 10] += n
        return sorted(counts.items())

    def csv_tables(self) -> dict[str, str]:
        """File name → CSV text of each table."""
        dated = sum(n for _, n in self.by_year)
        banded = sum(n for *_, n in self.by_band)
        return {
            "world-ties-by-year.csv": csv_text(["year", "decade", "twinnings"],
                                           [(y, y // 10 * 10, n) for y, n in self.by_year]),
            "world-ties-by-decade.csv": csv_text(["decade", "twinnings", "share"],
                                             [(d, n, _share(n, dated)) for d, n in self.by_decade()]),
            "world-distance-bands.csv": csv_text(["from_km", "to_km", "twinnings", "share"],
                                             [(lo, "" if hi is None else hi, n, _share(n, banded))
                                              for lo, hi, n in self.by_band]),
            "world-continent-pairs.csv": _pairs_csv("continent", self.continent_pairs),
            "world-region-pairs.csv": _pairs_csv("m49_subregion", self.region_pairs),
        }

    def to_markdown(self) -> str:
        """Sections of world-network.md: growth by decade, distance decay, continents, size."""
        dated = sum(n for _, n in self.by_year)
        banded = sum(n for *_, n in self.by_band)
        paired = sum(n for *_, n in self.continent_pairs)
        lines = ["", "## Growth by decade", "",
                 f"{dated:,} twinnings with a start year (the earliest any claim gives).", "",
                 "| decade | twinnings | share |", "|---|---:|---:|"]
        lines += [f"| {d}s | {n:,} | {_share(n, dated)} |" for d, n in self.by_decade()]
        lines += ["", "## Distance decay", "", f"{banded:,} twinnings whose two places have coordinates.", "",
                  "| great-circle distance | twinnings | share |", "|---|---:|---:|"]
        lines += [f"| {lo:,}–{hi:,} km | {n:,} | {_share(n, banded)} |" if hi is not None
                  else f"| {lo:,} km and more | {n:,} | {_share(n, banded)} |" for lo, hi, n in self.by_band]
        lines += ["", "## Within and across continents", "",
                  f"{paired:,} twinnings whose two countries have a continent; "
                  f"{self.figures['share_within_continent']:.1%} within one continent, "
                  f"{self.figures['share_within_m49_subregion']:.1%} within one UN M49 sub-region, "
                  f"{self.figures['share_within_country']:.1%} within one country.", "",
                  "| continents | twinnings | share |", "|---|---:|---:|"]
        lines += [f"| {a} – {b} | {n:,} | {_share(n, paired)} |" for a, b, n in self.continent_pairs]
        lines += ["", "## Who twins with whom", "",
                  f"- degree assortativity: {self.figures['degree_assortativity']}",
                  f"- population homophily (Pearson correlation of log10 populations): "
                  f"{self.figures.get('population_correlation_log', 'not measured')} over "
                  f"{self.figures['population_pairs']:,} twinnings whose two populations a source gives"]
        return "\n".join(lines) + "\n"

    def ntriples(self) -> str:
        """The figures as triples of the patterns module, for the analytics graph."""
        lines: list[str] = []
        dated = sum(n for _, n in self.by_year)
        for decade, n in self.by_decade():
            node = f"<{ID[f'decade/{decade}']}>"
            lines += [f"{node} {_RDF_TYPE} <{SC.DecadeCount}> .\n",
                      f"{node} {_LABEL} {nt.literal(f'twinnings begun {decade}–{decade + 9}', lang='en')} .\n",
                      f"{node} <{SC.decade}> {nt.literal(str(decade), datatype=_NONNEG)} .\n",
                      f"{node} <{SC.twinningCount}> {nt.literal(str(n), datatype=_NONNEG)} .\n",
                      f"{node} <{SC.share}> {nt.literal(_share(n, dated), datatype=_DECIMAL)} .\n"]
        banded = sum(n for *_, n in self.by_band)
        for lo, hi, n in self.by_band:
            upper = "more" if hi is None else hi
            node = f"<{ID[f'distance-band/{lo}-{upper}']}>"
            name = f"{lo:,}–{hi:,} km" if hi is not None else f"{lo:,} km and more"
            lines += [f"{node} {_RDF_TYPE} <{SC.DistanceBand}> .\n",
                      f"{node} {_LABEL} {nt.literal(f'twinnings {name} apart', lang='en')} .\n",
                      f"{node} <{SC.minKm}> {nt.literal(str(lo), datatype=_DECIMAL)} .\n",
                      f"{node} <{SC.twinningCount}> {nt.literal(str(n), datatype=_NONNEG)} .\n",
                      f"{node} <{SC.share}> {nt.literal(_share(n, banded), datatype=_DECIMAL)} .\n"]
            if hi is not None:
                lines.append(f"{node} <{SC.maxKm}> {nt.literal(str(hi), datatype=_DECIMAL)} .\n")
        for kind, cls, prop, scheme, pairs in (
                ("continent-pair", SC.ContinentPair, SC.pairedContinent, "continent", self.continent_pairs),
                ("region-pair", SC.RegionPair, SC.pairedRegion, "un-subregion", self.region_pairs)):
            total = sum(n for *_, n in pairs)
            for a, b, n in pairs:
                node = f"<{ID[f'{kind}/{a}--{b}']}>"
                lines += [f"{node} {_RDF_TYPE} <{cls}> .\n",
                          f"{node} {_LABEL} {nt.literal(f'{a} – {b}', lang='en')} .\n",
                          *(f"{node} <{prop}> <{VOCAB[f'{scheme}/{c}']}> .\n" for c in sorted({a, b})),
                          f"{node} <{SC.twinningCount}> {nt.literal(str(n), datatype=_NONNEG)} .\n",
                          f"{node} <{SC.share}> {nt.literal(_share(n, total), datatype=_DECIMAL)} .\n"]
        node = f"<{ID['network-summary/world']}>"
        assortativity = f"{self.figures['degree_assortativity']:.4f}"
        lines += [f"{node} {_RDF_TYPE} <{SC.NetworkSummary}> .\n",
                  f"{node} {_LABEL} {nt.literal('figures of the twinning network', lang='en')} .\n",
                  f"{node} <{SC.degreeAssortativity}> {nt.literal(assortativity, datatype=_DECIMAL)} .\n",
                  f"{node} <{SC.populationPairCount}> "
                  f"{nt.literal(str(self.figures['population_pairs']), datatype=_NONNEG)} .\n"]
        if "population_correlation_log" in self.figures:
            value = f"{self.figures['population_correlation_log']:.4f}"
            lines.append(f"{node} <{SC.populationCorrelation}> {nt.literal(value, datatype=_DECIMAL)} .\n")
        return "".join(lines)


def _share(n: int, total: int) -> str:
    return f"{n / total:.4f}" if total else "0"


def _pairs_csv(what: str, pairs: tuple[tuple[str, str, int], ...]) -> str:
    total = sum(n for *_, n in pairs)
    return csv_text([f"{what}1", f"{what}2", "within", "twinnings", "share"],
                [(a, b, str(a == b).lower(), n, _share(n, total)) for a, b, n in pairs])


def ties_by_year(net: nx.Graph) -> list[tuple[int, int]]:
    """Start year → twinnings (edges with a ``start`` year) beginning that year."""
    return sorted(Counter(d["start"] for _, _, d in net.edges(data=True) if d.get("start")).items())


def distance_bands(net: nx.Graph) -> list[tuple[int, int | None, int]]:
    """Every distance band with how many twinnings (both places located) fall in it."""
    counts: Counter[int] = Counter()
    for a, b in net.edges:
        pa, pb = net.nodes[a], net.nodes[b]
        if "lat" in pa and "lat" in pb:
            km = great_circle_km(pa["lat"], pa["long"], pb["lat"], pb["long"])
            counts[max(lo for lo in BANDS_KM if km >= lo)] += 1
    highs: list[int | None] = [*BANDS_KM[1:], None]
    return [(lo, hi, counts[lo]) for lo, hi in zip(BANDS_KM, highs)]


def region_pairs(net: nx.Graph, regions: Mapping[str, CountryRegion],
                 level: str) -> list[tuple[str, str, int]]:
    """(region, region, twinnings) at ``level`` "continent" or "m49_subregion", largest first."""
    counts: Counter[tuple[str, str]] = Counter()
    for a, b in net.edges:
        ra, rb = regions.get(net.nodes[a]["country"]), regions.get(net.nodes[b]["country"])
        if ra is not None and rb is not None:
            x, y = sorted((getattr(ra, level), getattr(rb, level)))
            counts[(x, y)] += 1
    return [(a, b, n) for (a, b), n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def degree_assortativity(net: nx.Graph) -> float:
    """Newman's degree assortativity coefficient (igraph; networkx gives the same figure)."""
    graph, _ = to_igraph(net)
    return float(graph.assortativity_degree(directed=False))  # type: ignore[attr-defined]


def population_correlation(net: nx.Graph) -> tuple[float | None, int]:
    """Pearson correlation of log10 populations of partners where both are known, and how many."""
    pairs = [(math.log10(net.nodes[a]["population"]), math.log10(net.nodes[b]["population"]))
             for a, b in net.edges
             if net.nodes[a].get("population", 0) > 0 and net.nodes[b].get("population", 0) > 0]
    if len(pairs) < 3:
        return None, len(pairs)
    # each pair both ways: the correlation of an unordered pair does not depend on its order
    xs = [x for x, y in pairs] + [y for x, y in pairs]
    ys = [y for x, y in pairs] + [x for x, y in pairs]
    return statistics.correlation(xs, ys), len(pairs)


def analyse_patterns(net: nx.Graph, regions: Mapping[str, CountryRegion]) -> Patterns:
    """Every pattern figure of the network."""
    continents = region_pairs(net, regions, "continent")
    subregions = region_pairs(net, regions, "m49_subregion")
    bands = distance_bands(net)
    correlation, population_pairs = population_correlation(net)
    same_country = sum(1 for a, b in net.edges if net.nodes[a]["country"] == net.nodes[b]["country"])
    edges = net.number_of_edges()
    figures: dict[str, float | int] = {
        "degree_assortativity": round(degree_assortativity(net), 4),
        "population_pairs": population_pairs,
        "twinnings_with_start_year": sum(n for _, n in ties_by_year(net)),
        "share_within_country": round(same_country / edges, 4) if edges else 0,
        "share_within_m49_subregion": round(_within(subregions), 4),
        "share_within_continent": round(_within(continents), 4),
    }
    if correlation is not None:
        figures["population_correlation_log"] = round(correlation, 4)
    return Patterns(tuple(ties_by_year(net)), tuple(bands), tuple(continents), tuple(subregions), figures)


def _within(pairs: list[tuple[str, str, int]]) -> float:
    total = sum(n for *_, n in pairs)
    return sum(n for a, b, n in pairs if a == b) / total if total else 0.0
