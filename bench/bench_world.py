"""Benchmark of the world twinning step against naive baselines, in one run (not run by tests).

    .venv/bin/python bench/bench_world.py

Prints each step's time and the ratio to its baseline:
- country names: pycountry + override table vs country_converter (optional, `bench` extra);
- RDF: our bulk ``addN`` vs rdflib parsing the same triples as N-Triples; pyoxigraph bulk load;
- betweenness: igraph (sampled, exact) vs networkx pure Python at the same sample, rustworkx exact;
- Louvain: igraph multilevel vs networkx louvain_communities (same seed).
"""

from __future__ import annotations

import csv
import logging
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import networkx as nx
from rdflib import Graph

from sistercity.sources.countries import load_resolver
from sistercity.sources.rdf import source_iri, world_graph, world_ntriples
from sistercity.analysis.network import BETWEENNESS_SAMPLE, SEED, betweenness, communities, twinning_network
from sistercity.sources.world import WORLD_CSV, build_world

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    """Run ``fn`` once; return its result and wall time in seconds."""
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def line(name: str, ours: float, base: float | None = None, base_name: str = "") -> None:
    """Print one comparison."""
    ratio = f"   {base_name}: {base:7.3f} s  ratio ×{base / ours:6.1f}" if base is not None else ""
    print(f"{name:<42} {ours:7.3f} s{ratio}")


def main() -> None:
    """Time every step of the world import and analytics against its baseline."""
    with (ROOT / WORLD_CSV).open(encoding="utf-8") as handle:
        names = sorted({r[k] for r in csv.DictReader(handle) for k in ("country1", "country2")} - {""})

    def ours_countries() -> int:
        resolver = load_resolver()
        return sum(resolver.resolve(n) is not None for n in names)

    mapped, t_ours = timed(ours_countries)
    try:
        logging.disable(logging.WARNING)
        import country_converter as coco  # noqa: PLC0415 - optional baseline

        def coco_countries() -> int:
            codes = coco.CountryConverter().convert(names, to="ISO2", not_found=None)
            return sum(isinstance(c, str) and len(c) == 2 for c in codes)

        coco_mapped, t_coco = timed(coco_countries)
        line(f"countries ({len(names)}): ours maps {mapped}", t_ours, t_coco,
             f"country_converter maps {coco_mapped}")
    except ImportError:
        line(f"countries ({len(names)}): ours maps {mapped}", t_ours)
        print("  (install the bench extra for the country_converter baseline)")

    build, t_build = timed(lambda: build_world(ROOT))
    line("build_world (read…rdf graph, total)", t_build)
    for step, seconds in build.timings.items():
        line(f"  {step}", seconds)
    result, source = build.result, source_iri("world-twin-cities")
    g, t_addn = timed(lambda: world_graph(result, source=source))
    text, t_text = timed(lambda: world_ntriples(result, source=source))
    _, t_parse = timed(lambda: Graph().parse(data=text, format="nt"))
    line(f"rdflib graph by addN ({len(g)} triples)", t_addn, t_parse, "rdflib parse of N-Triples")

    def oxigraph() -> int:
        import pyoxigraph  # noqa: PLC0415

        store = pyoxigraph.Store()
        store.bulk_load(world_ntriples(result, source=source).encode(), pyoxigraph.RdfFormat.N_TRIPLES)
        return len(store)

    _, t_ox = timed(oxigraph)
    line("N-Triples text + pyoxigraph bulk_load", t_ox, t_addn, "rdflib addN")
    print(f"  (N-Triples text alone: {t_text:.3f} s)")

    net, t_net = timed(lambda: twinning_network(build.graph))
    line(f"networkx view ({net.number_of_nodes()} places)", t_net)
    k = BETWEENNESS_SAMPLE
    _, t_ig = timed(lambda: betweenness(net, sample=k))
    _, t_nx = timed(lambda: nx.betweenness_centrality(net, k=k, seed=SEED))
    line(f"betweenness, {k} sources, igraph", t_ig, t_nx, "networkx")
    _, t_exact = timed(lambda: betweenness(net))
    line("betweenness exact, igraph", t_exact)
    try:
        import rustworkx as rx  # noqa: PLC0415

        rnet = rx.networkx_converter(net)
        _, t_rx = timed(lambda: rx.graph_betweenness_centrality(rnet, normalized=True))
        line("betweenness exact, rustworkx (2 threads)", t_rx, t_exact, "igraph exact")
    except ImportError:
        pass
    _, t_louvain = timed(lambda: communities(net))
    _, t_nxl = timed(lambda: nx.community.louvain_communities(net, seed=random.Random(SEED).randrange(2**31)))
    line("Louvain, igraph multilevel", t_louvain, t_nxl, "networkx louvain")


if __name__ == "__main__":
    main()
