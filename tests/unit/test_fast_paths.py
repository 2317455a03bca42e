"""The build's fast paths give the same answers as the plain ones: N-Triples text instead of rdflib
graphs, the network from the import instead of from RDF, the RL closure fed text, forked children."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from sistercity.core import ntriples as nt
from sistercity.build.background import Background
from sistercity.core.errors import InconsistentOntology, SisterCityError
from sistercity.sources.mapping import ColumnMapping
from sistercity.core.namespaces import ID, SC
from sistercity.analysis.network import analyse_network, import_network, twinning_network
from sistercity.build.reason import rl_closure
from sistercity.sources.world import import_twinnings

DATA = Path(__file__).resolve().parents[1] / "data" / "world"
EX = "http://example.org/"


@pytest.fixture(scope="module")
def sample():
    return import_twinnings(DATA / "sample.csv", ColumnMapping(), check_coordinates=False)


# --- N-Triples text ----------------------------------------------------------------------------

AWKWARD = ['say "hi"', "back\\slash", "two\nlines\r", "Bağcılar – İzmir", "", "tab\there"]


@pytest.mark.parametrize("text", AWKWARD)
def test_literals_read_back_by_oxigraph_and_rdflib(text: str) -> None:
    triples = [(URIRef(EX + "s"), URIRef(EX + "p"), Literal(text)),
               (URIRef(EX + "s"), URIRef(EX + "q"), Literal(text, lang="tr")),
               (URIRef(EX + "s"), URIRef(EX + "r"), Literal(text, datatype=URIRef(EX + "code")))]
    data = nt.lines(triples)
    store = ox.Store()
    store.bulk_load(data.encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    assert sorted(q.object.value for q in store) == [text] * 3
    parsed = Graph().parse(data=data, format="nt")
    assert set(parsed) == set(triples)


def test_xsd_string_is_written_plain_and_blank_nodes_kept() -> None:
    assert nt.term(Literal("x", datatype=XSD.string)) == '"x"'
    assert nt.term(BNode("b1")) == "_:b1"
    with pytest.raises(TypeError):
        nt.term("not a term")  # type: ignore[arg-type]


def test_world_text_holds_the_same_triples_as_the_world_graph(sample) -> None:
    parsed = Graph().parse(data=sample.ntriples(), format="nt")
    assert len(parsed) == len(sample.graph) and set(parsed) == set(sample.graph)


# --- the network from the import ----------------------------------------------------------------

def test_network_from_the_import_equals_the_network_from_rdf(sample) -> None:
    from_rdf, from_import = twinning_network(sample.graph), import_network(sample.result)
    assert set(from_rdf.nodes) == set(from_import.nodes)
    assert {frozenset(e) for e in from_rdf.edges} == {frozenset(e) for e in from_import.edges}
    assert all(from_rdf.nodes[n] == from_import.nodes[n] for n in from_rdf.nodes)
    assert {frozenset((a, b)): d["twinning"] for a, b, d in from_rdf.edges(data=True)} == \
        {frozenset((a, b)): d["twinning"] for a, b, d in from_import.edges(data=True)}


def test_analytics_text_parses_and_ranks_every_distance(sample) -> None:
    analytics = analyse_network(import_network(sample.result), sample=None)
    graph = analytics.graph
    assert graph.value(ID["city/al/berat"], SC.degree) == Literal(4, datatype=XSD.nonNegativeInteger)
    ranked = sorted((int(graph.value(t, SC.distanceRank)), float(km))
                    for t, km in graph.subject_objects(SC.greatCircleKm))
    assert [rank for rank, _ in ranked] == list(range(1, len(ranked) + 1))
    distances = [km for _, km in ranked]
    assert distances == sorted(distances, reverse=True) and len(distances) == len(analytics.distances)


# --- the RL closure --------------------------------------------------------------------------------

TBOX = f"""
@prefix ex: <{EX}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:inCountry a owl:ObjectProperty , owl:FunctionalProperty ; rdfs:subPropertyOf ex:locatedIn ;
    rdfs:range ex:Country .
ex:locatedIn a owl:ObjectProperty , owl:TransitiveProperty .
ex:City rdfs:subClassOf ex:Place .
ex:Region a owl:Class ; owl:equivalentClass [ a owl:Restriction ; owl:onProperty ex:hasCity ;
    owl:someValuesFrom ex:City ] .
"""


def _tbox() -> Graph:
    return Graph().parse(data=TBOX, format="turtle")


def test_closure_of_text_equals_closure_of_a_graph() -> None:
    data = (f"<{EX}paris> <{RDF.type}> <{EX}City> .\n"
            f"<{EX}paris> <{EX}inCountry> <{EX}fr> .\n"
            f"<{EX}idf> <{EX}hasCity> <{EX}paris> .\n")
    from_text = rl_closure(_tbox(), ntriples=data)
    from_graph = rl_closure(_tbox(), Graph().parse(data=data, format="nt"))
    assert set(from_text.ntriples.splitlines()) == set(from_graph.ntriples.splitlines())
    inferred = from_text.graph
    assert (URIRef(EX + "paris"), RDF.type, URIRef(EX + "Place")) in inferred
    assert (URIRef(EX + "paris"), URIRef(EX + "locatedIn"), URIRef(EX + "fr")) in inferred
    assert (URIRef(EX + "fr"), RDF.type, URIRef(EX + "Country")) in inferred
    assert (URIRef(EX + "idf"), RDF.type, URIRef(EX + "Region")) in inferred
    # nothing asserted comes back, nothing about anonymous class expressions, no reflexive sameAs
    assert (URIRef(EX + "paris"), RDF.type, URIRef(EX + "City")) not in inferred
    assert not any(isinstance(t, BNode) for triple in inferred for t in triple)
    assert not any(p == OWL.sameAs for _, p, _ in inferred)


def test_two_values_of_a_functional_property_are_an_inconsistency() -> None:
    data = (f"<{EX}baarle> <{EX}inCountry> <{EX}nl> .\n"
            f"<{EX}baarle> <{EX}inCountry> <{EX}be> .\n")
    with pytest.raises(InconsistentOntology, match=r"baarle> has 2 values of the functional property"):
        rl_closure(_tbox(), ntriples=data)


# --- forked children -------------------------------------------------------------------------------

def _double(x: int) -> int:
    return 2 * x


def _refuse(message: str) -> None:
    raise InconsistentOntology(message)


def _fail() -> None:
    raise ValueError("not a project error")


def _die() -> None:
    os._exit(3)


def test_a_child_returns_its_value_and_what_it_cost() -> None:
    child = Background("double", _double, 21)
    assert child.result() == 42
    assert child.stats is not None and child.stats.peak_mib > 0 and child.stats.cpu_seconds >= 0


def test_a_child_raises_the_project_error_it_raised() -> None:
    with pytest.raises(InconsistentOntology, match="two countries"):
        Background("refuse", _refuse, "two countries").result()


def test_other_failures_and_crashes_are_reported_with_the_child_name() -> None:
    with pytest.raises(SisterCityError, match="fail failed: ValueError: not a project error"):
        Background("fail", _fail).result()
    with pytest.raises(SisterCityError, match="the die process ended without an answer .exit code 3"):
        Background("die", _die).result()


def test_literal_triples_the_reasoner_can_learn_nothing_from_are_left_out() -> None:
    tbox = _tbox().parse(data=f"""
        @prefix ex: <{EX}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        ex:row a owl:DatatypeProperty ; rdfs:label "row" ; rdfs:domain owl:Thing ; rdfs:range xsd:positiveInteger .
        ex:code a owl:DatatypeProperty ; rdfs:domain ex:Country .
        ex:population a owl:DatatypeProperty .
        ex:Big owl:equivalentClass [ a owl:Restriction ; owl:onProperty ex:population ;
            owl:hasValue "1000000"^^xsd:integer ] .
        """, format="turtle")
    from sistercity.build.reason import inert_literal_predicates

    inert = inert_literal_predicates(tbox)
    assert f"<{EX}row>" in inert and f"<{RDFS.label}>" in inert
    assert f"<{EX}code>" not in inert and f"<{EX}population>" not in inert
    assert f"<{RDF.type}>" not in inert and f"<{EX}inCountry>" not in inert
    data = (f'<{EX}fr> <{EX}code> "FR" .\n<{EX}fr> <{EX}row> "2"^^<{XSD.positiveInteger}> .\n'
            f'<{EX}paris> <{EX}population> "1000000"^^<{XSD.integer}> .\n')
    inferred = rl_closure(tbox, ntriples=data).graph
    assert (URIRef(EX + "fr"), RDF.type, URIRef(EX + "Country")) in inferred
    assert (URIRef(EX + "paris"), RDF.type, URIRef(EX + "Big")) in inferred
