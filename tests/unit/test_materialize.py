"""The build's materialising step: every CONSTRUCT of a folder adds its triples to one graph;
anything else is a clear error naming the file."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from sistercity.build.materialize import materialize
from sistercity.core.errors import QueryError

ANALYTICS = URIRef("https://w3id.org/sistercity/graph/analytics")
EX = "http://example.org/"


def store_with_two_graphs() -> ox.Store:
    store = ox.Store()
    for graph, (s, o) in (("g1", ("a", "b")), ("g2", ("b", "c"))):
        store.add(ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + "next"), ox.NamedNode(EX + o),
                          ox.NamedNode(EX + graph)))
    return store


def test_a_construct_over_every_graph_lands_in_the_target_graph(tmp_path: Path) -> None:
    (tmp_path / "01-two-steps.rq").write_text(
        f"CONSTRUCT {{ ?x <{EX}twoSteps> ?z }} WHERE {{ ?x <{EX}next> ?y . ?y <{EX}next> ?z }}")
    store = store_with_two_graphs()
    assert materialize(store, tmp_path, ANALYTICS) == {"01-two-steps.rq": 1}
    [quad] = store.quads_for_pattern(None, ox.NamedNode(EX + "twoSteps"), None, None)
    assert (quad.subject.value, quad.object.value, quad.graph_name.value) == (EX + "a", EX + "c", str(ANALYTICS))


def test_no_folder_adds_nothing(tmp_path: Path) -> None:
    assert materialize(store_with_two_graphs(), tmp_path / "missing", ANALYTICS) == {}


@pytest.mark.parametrize("text, said", [("SELECT * WHERE { ?s ?p ?o }", "not a CONSTRUCT"),
                                        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ", "02-bad.rq")])
def test_a_query_that_is_not_a_construct_or_does_not_parse_names_its_file(tmp_path: Path, text, said) -> None:
    (tmp_path / "02-bad.rq").write_text(text)
    with pytest.raises(QueryError, match=said) as caught:
        materialize(store_with_two_graphs(), tmp_path, ANALYTICS)
    assert str(tmp_path / "02-bad.rq") in str(caught.value)
