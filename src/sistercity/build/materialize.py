"""Build step: aggregates the questions need, materialised by CONSTRUCT queries.

Some questions aggregate every claim of the world lists (45,000 of them) and took 400 ms at each
asking; the build runs the aggregation once, ``queries/materialize/*.rq`` in name order over
the whole built graph (the inferred triples included), and writes what each CONSTRUCT returns
into the analytics graph, where the questions read it in milliseconds. The queries are SPARQL,
not Python, so that a reader of the question sees the same logic the answer comes from.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from sistercity.core.errors import QueryError


def materialize(store: ox.Store, folder: Path, graph: URIRef) -> dict[str, int]:
    """Run every CONSTRUCT of ``folder`` on ``store`` (union default graph) and add its triples
    to ``graph``; the number of triples each query added, by file name.

    Raises:
        QueryError: a query does not parse or is not a CONSTRUCT (the file and the parser's message).
    """
    target = ox.NamedNode(str(graph))
    added: dict[str, int] = {}
    for path in sorted(folder.glob("*.rq")) if folder.is_dir() else []:
        try:
            result = store.query(path.read_text(encoding="utf-8"), use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"{path}: {exc}. Fix the query.") from None
        if not isinstance(result, ox.QueryTriples):
            raise QueryError(f"{path}: not a CONSTRUCT query; a materialising query returns "
                             "the triples it adds.")
        quads = [ox.Quad(t.subject, t.predicate, t.object, target) for t in result]
        store.extend(quads)
        added[path.name] = len(quads)
    return added

