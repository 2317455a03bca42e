"""N-Triples text written straight from Python values: the fast path into Oxigraph and reasonable.

Building rdflib terms and graphs costs far more than formatting lines (bench/bench_world.py), so
the large generated graphs (world, analytics, inferred) travel as N-Triples text and are bulk
loaded by the Rust libraries.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from sistercity.core.namespaces import XSD

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def literal(text: str, *, datatype: str | None = None, lang: str | None = None) -> str:
    """An N-Triples literal: quoted and escaped, with a language tag or a datatype IRI."""
    quoted = '"' + text.translate(_ESCAPES) + '"'
    if lang:
        return f"{quoted}@{lang}"
    if datatype:
        return f"{quoted}^^<{datatype}>"
    return quoted


def decimal_lexical(value: Decimal) -> str:
    """A decimal in xsd:decimal's lexical space: "40", never Python's "4E+1" (which is no xsd:decimal)."""
    return format(value, "f")


def term(node: Node) -> str:
    """An rdflib term as N-Triples (xsd:string literals written plain, as RDF 1.1 reads them)."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        datatype = node.datatype
        if datatype == XSD.string:
            datatype = None
        return literal(str(node), datatype=str(datatype) if datatype else None, lang=node.language)
    if isinstance(node, BNode):
        return f"_:{node}"
    raise TypeError(f"cannot write {node!r} as N-Triples")


def parse(text: str) -> Graph:
    """N-Triples text as a new rdflib graph (for callers that want rdflib's API)."""
    graph = Graph()
    if text:
        graph.parse(data=text, format="nt")
    return graph


def lines(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """N-Triples text of rdflib triples."""
    return "".join(f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in triples)
