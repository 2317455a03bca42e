"""Views of the built graph (tests/data/exports/mini.trig beside the real ontology and vocabularies)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from sistercity.core.errors import UsageError
from sistercity.publish.exporters.views import ViewKind, build_view, normalise, parse_view

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "data" / "exports" / "mini.trig"
GRAPH = "https://w3id.org/sistercity/graph/"
ID = "https://w3id.org/sistercity/id/"


def fixture_store() -> ox.Store:
    """The export fixture as the build would leave it: ontology and vocabularies in their graphs."""
    store = ox.Store()
    for folder, graph in (("ontology/modules", "ontology"), ("ontology/vocab", "vocab")):
        for path in sorted((ROOT / folder).glob("*.ttl")):
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE,
                            to_graph=ox.NamedNode(GRAPH + graph))
    store.bulk_load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    return store


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return fixture_store()


def test_case_view_nodes_classes_and_attributes(store: ox.Store) -> None:
    view = build_view(store, parse_view("case"))
    graph = view.graph
    assert view.kind is ViewKind.CASE and not view.geographic
    # 21 case nodes; the source, the amount and the assessment are folded into attributes.
    assert len(graph) == 21
    assert ID + "source/seed-article" not in graph
    assert ID + "amount/posco-investment" not in graph
    assert ID + "assessment/cikapundung-learning" not in graph
    ksp = graph.nodes[ID + "org/ksp"]
    assert (ksp["label"], ksp["class"], ksp["sources"]) == ("Knowledge Sharing Program (KSP)",
                                                           "AdvocacyProgramme", "seed article")
    posco = graph.nodes[ID + "outcome/posco-investment"]
    assert posco["dimension"] == "Smart Living" and posco["amount"] == 21_500_000_000.0
    assert posco["amount_as_stated"] == "21,5 Miliar" and posco["color"] == "#edc948"
    project = graph.nodes[ID + "project/bus-system-reform"]
    assert (project["start_date"], project["end_date"]) == ("2017", "2018")
    transfer = graph.nodes[ID + "transfer/cheonggyecheon-to-cikapundung"]
    assert transfer["assessments"] == "Learning: Evidenced"
    assert graph.nodes[ID + "city/id/bandung"]["label"] == "Bandung"  # English label preferred
    assert graph.nodes[ID + "city/id/bandung"]["lat"] == pytest.approx(-6.9218)


def test_case_view_edges_carry_the_ontology_labels(store: ox.Store) -> None:
    graph = build_view(store, parse_view("case")).graph
    relations = {(a.rsplit("/", 1)[-1], d["relation"], b.rsplit("/", 1)[-1])
                 for a, b, d in graph.edges(data=True)}
    assert ("cheonggyecheon-to-cikapundung", "mediated by", "seoul-metropolitan-government") in relations
    assert ("ksp", "acts as advocate in", "bus-system-reform") in relations
    assert ("bandung-seoul-mou", "party", "bandung-city-government") in relations
    assert graph.number_of_edges() == 31


def test_world_view(store: ox.Store) -> None:
    view = build_view(store, parse_view("world"))
    graph = view.graph
    assert view.geographic and len(graph) == 12
    # 8 twinnings in the world graph and the Bandung–Seoul twinning of the case graph.
    assert graph.number_of_edges() == 9
    bandung = graph.nodes[ID + "city/id/bandung"]
    assert (bandung["country_code"], bandung["degree"], bandung["community"]) == ("ID", 4, 1)
    assert bandung["betweenness"] == pytest.approx(0.4286)
    assert (bandung["x"], bandung["y"]) == (pytest.approx(1076.071), pytest.approx(69.218))
    graphs = {d["graph"] for _, _, d in graph.edges(data=True)}
    assert graphs == {"world", "case/bandung-seoul"}


@pytest.mark.parametrize("text, slug, nodes", [
    ("city:bandung", "city-bandung-id", 5),
    ("city:BAGCILAR", "city-bagcilar-tr", 2),
    ("city:Berat@AL", "city-berat-al", 3),
    ("city:berat@France", "city-berat-fr", 2),
    ("country:KR", "country-kr", 4),
    ("country:Indonesia", "country-id", 5),
])
def test_city_and_country_views(store: ox.Store, text: str, slug: str, nodes: int) -> None:
    view = build_view(store, parse_view(text))
    assert (view.slug, len(view.graph)) == (slug, nodes)


def test_city_view_depth_two_reaches_partners_of_partners(store: ox.Store) -> None:
    view = build_view(store, parse_view("city:Namur", depth=2))
    labels = {d["label"] for _, d in view.graph.nodes(data=True)}
    assert labels == {"Namur", "Bandung", "Liuzhou", "Fort Worth", "Seoul"}
    assert view.graph.nodes[ID + "city/kr/seoul"]["hops"] == 2


@pytest.mark.parametrize("text, message", [
    ("city:berat", "city:Berat@AL, city:Bérat@FR"),
    ("city:bandunk", "Closest: Bandung@ID"),
    ("country:XX", "no city in country 'XX'"),
    ("wrld", "Did you mean world?"),
])
def test_unknown_or_ambiguous_views_say_what_to_use(store: ox.Store, text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message) as caught:
        build_view(store, parse_view(text))
    assert caught.value.exit_code == 2


def test_normalise_ignores_case_and_accents() -> None:
    assert normalise("Bağcılar") == normalise("BAGCILAR") == "bagcilar"
    assert normalise("Bérat") == "berat"


def test_a_named_case_view_and_an_unknown_case(store: ox.Store) -> None:
    spec = parse_view("case:bandung-seoul")
    assert spec.kind is ViewKind.CASE and spec.name == "bandung-seoul"
    assert build_view(store, spec).slug == "case"
    with pytest.raises(UsageError, match="no case 'bandung': the built graph has case:bandung-seoul"):
        build_view(store, parse_view("case:bandung"))
