"""Graphs compared up to the names of their blank nodes, by Oxigraph's RDFC-1.0 canonical form
(rdflib's isomorphism test took seconds on the shapes graph; this takes milliseconds)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph


def canonical(triples: Iterable[ox.Triple | ox.Quad],
              term: Callable[[ox.Triple], ox.Triple] | None = None) -> ox.Dataset:
    """The triples (in the default graph; quads keep their graph) with blank nodes renamed by
    RDFC-1.0; ``term`` may rewrite each triple first (e.g. one lexical form per value)."""
    quads = []
    for item in triples:
        graph = item.graph_name if isinstance(item, ox.Quad) else ox.DefaultGraph()
        triple = ox.Triple(item.subject, item.predicate, item.object)
        if term is not None:
            triple = term(triple)
        quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, graph))
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def canonical_file(path: Path, fmt: ox.RdfFormat,
                   term: Callable[[ox.Triple], ox.Triple] | None = None) -> ox.Dataset:
    """A file's triples or quads, canonical."""
    return canonical(ox.parse(path=str(path), format=fmt), term)


def canonical_graph(graph: Graph) -> ox.Dataset:
    """An rdflib graph's triples, canonical."""
    return canonical(ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES))
