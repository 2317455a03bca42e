"""Tests of build.validate.PreparedQueryGraph: a SPARQL text is parsed once, answers are unchanged."""

from __future__ import annotations

import pytest
from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.plugins import sparql

from sistercity.build.validate import PreparedQueryGraph
from sistercity.core.namespaces import ID, SC

from tests.unit.shapes_harness import FIXTURES, shapes_graph, validate_graph

BANDUNG, SEOUL = ID["city/id/bandung"], ID["city/kr/seoul"]
ASK_NAME = "SELECT ?name WHERE { $this rdfs:label ?name }"


def _graph(cls: type[Graph]) -> Graph:
    graph = cls()
    graph.bind("sc", SC)
    graph.add((BANDUNG, RDFS.label, Literal("Bandung")))
    graph.add((SEOUL, RDFS.label, Literal("Seoul")))
    return graph


def test_a_text_is_parsed_once_and_each_binding_gets_its_own_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    real = sparql.prepareQuery

    def counting(text: str, **kwargs):  # noqa: ANN202
        parsed.append(text)
        return real(text, **kwargs)

    monkeypatch.setattr("sistercity.build.validate.prepareQuery", counting)
    prepared, plain = _graph(PreparedQueryGraph), _graph(Graph)
    for city in (BANDUNG, SEOUL, BANDUNG, URIRef("https://example.org/nowhere")):
        mine = [tuple(r) for r in prepared.query(ASK_NAME, initBindings={"this": city})]
        theirs = [tuple(r) for r in plain.query(ASK_NAME, initBindings={"this": city})]
        assert mine == theirs
    assert parsed == [ASK_NAME]
    assert [str(r[0]) for r in prepared.query(ASK_NAME, initBindings={"this": SEOUL})] == ["Seoul"]


def test_a_prefix_bound_again_is_a_new_query() -> None:
    graph = _graph(PreparedQueryGraph)
    text = "SELECT ?name WHERE { $this ex:label ?name }"
    graph.bind("ex", SC)
    assert list(graph.query(text, initBindings={"this": BANDUNG})) == []
    graph.bind("ex", RDFS, override=True, replace=True)  # the same text now means rdfs:label
    assert [str(r[0]) for r in graph.query(text, initBindings={"this": BANDUNG})] == ["Bandung"]


@pytest.mark.parametrize(("fixture", "shape"), [
    ("date-start-after-end", "StartNotAfterEndShape"),
    ("derivation-not-unqualified", "DerivationAlsoUnqualifiedShape")])
def test_shape_findings_are_the_same_as_with_a_plain_graph(fixture: str, shape: str) -> None:
    """Fixtures whose findings come from SPARQL constraints: the same report either way."""
    import pyshacl
    from rdflib.compare import isomorphic

    from tests.unit.shapes_harness import ontology_graph

    data = Graph().parse(FIXTURES / "invalid" / f"{fixture}.ttl")
    reports = []
    for cls in (Graph, PreparedQueryGraph):
        merged = cls()
        for graph in (data, ontology_graph()):
            merged.addN((s, p, o, merged) for s, p, o in graph)
        conforms, report, _text = pyshacl.validate(merged, shacl_graph=shapes_graph(), inference="none",
                                                   advanced=True, inplace=True, allow_warnings=True)
        reports.append((conforms, report))
    assert reports[0][0] is reports[1][0] is False
    assert isomorphic(reports[0][1], reports[1][1])
    assert any(r.shape.endswith(f"#{shape}") for r in validate_graph(data).results)
