"""The built graph as an Oxigraph store: converting from rdflib, loading text, writing dist/.

Oxigraph parses, serialises and answers SPARQL one to two orders of magnitude faster than rdflib's
memory store on the world graph (figures in bench/), so every consumer of ``dist/`` uses it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from sistercity.core.io import atomic_write
from sistercity.core.paths import BUILT_QUADS, BUILT_TRIG, BUILT_TURTLE


class TermConverter:
    """Converts rdflib terms to Oxigraph terms, caching IRIs (the world graph repeats them a lot)."""

    def __init__(self) -> None:
        self._iris: dict[str, ox.NamedNode] = {}
        self._blanks: dict[str, ox.BlankNode] = {}

    def iri(self, value: str) -> ox.NamedNode:
        """The Oxigraph IRI for ``value``."""
        node = self._iris.get(value)
        if node is None:
            node = self._iris[value] = ox.NamedNode(value)
        return node

    def term(self, node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        """The Oxigraph term for an rdflib term."""
        if isinstance(node, URIRef):
            return self.iri(str(node))
        if isinstance(node, BNode):
            blank = self._blanks.get(str(node))
            if blank is None:
                blank = self._blanks[str(node)] = ox.BlankNode()
            return blank
        if isinstance(node, Literal):
            if node.language:
                return ox.Literal(str(node), language=node.language)
            if node.datatype is not None:
                return ox.Literal(str(node), datatype=self.iri(str(node.datatype)))
            return ox.Literal(str(node))
        raise TypeError(f"cannot convert {node!r} to an Oxigraph term")


def quads(graphs: Mapping[URIRef, Graph]) -> Iterator[ox.Quad]:
    """The triples of each named graph, as Oxigraph quads in that graph."""
    convert = TermConverter()
    for iri, graph in graphs.items():
        graph_name = convert.iri(str(iri))
        for s, p, o in graph:
            yield ox.Quad(convert.term(s), convert.iri(str(p)), convert.term(o), graph_name)


def to_store(graphs: Mapping[URIRef, Graph]) -> ox.Store:
    """A new in-memory Oxigraph store holding the given named graphs."""
    store = ox.Store()
    store.bulk_extend(quads(graphs))
    return store


def write_store(store: ox.Store, folder: Path, prefixes: dict[str, str]) -> list[Path]:
    """Write the store as TriG (named graphs), Turtle (their union) and N-Quads (fast reload).

    The union is each named graph's Turtle in turn, in one document: no second store (it would
    double the memory the build needs at its peak). A triple that two graphs state appears in both
    blocks, which RDF reads as one; blank node labels are the store's own, so they stay one node.
    """
    outputs = []
    targets = ((BUILT_TRIG, ox.RdfFormat.TRIG), (BUILT_QUADS, ox.RdfFormat.N_QUADS))
    for name, fmt in targets:
        path = folder / name
        with atomic_write(path, "wb") as handle:
            store.dump(handle, format=fmt, prefixes=prefixes if fmt is ox.RdfFormat.TRIG else None)
        outputs.append(path)
    path = folder / BUILT_TURTLE
    with atomic_write(path, "wb") as handle:
        for graph in sorted(store.named_graphs(), key=str):
            handle.write(f"\n# graph {graph}\n".encode("utf-8"))
            store.dump(handle, format=ox.RdfFormat.TURTLE, from_graph=graph, prefixes=prefixes)
    outputs.append(path)
    return outputs


def load_text(store: ox.Store, graph: URIRef, text: str) -> None:
    """Load N-Triples text into the named graph ``graph`` of ``store``."""
    if text:
        store.bulk_load(text.encode("utf-8"), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(graph)))


def contains(store: ox.Store, triple: tuple[Node, Node, Node]) -> bool:
    """Whether ``store`` holds the (rdflib) triple in any graph."""
    convert = TermConverter()
    s, p, o = (convert.term(t) for t in triple)
    return next(iter(store.quads_for_pattern(s, p, o, None)), None) is not None


def has_graph(store: ox.Store, iri: URIRef) -> bool:
    """Whether the named graph ``iri`` holds any triple."""
    return next(iter(store.quads_for_pattern(None, None, None, ox.NamedNode(str(iri)))), None) is not None


def graph_sizes(store: ox.Store) -> dict[str, int]:
    """Triples per named graph."""
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"].value: int(row["n"].value) for row in rows}
