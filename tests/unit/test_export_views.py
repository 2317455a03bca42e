"""Views of the built graph (tests/data/exports/mini.trig beside the real ontology and vocabularies)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from sistercity.core.errors import UsageError
from sistercity.publish.exporters.names import normalise
from sistercity.publish.exporters.selection import build_view
from sistercity.publish.exporters.views import ViewKind, parse_view

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
    # 21 case nodes and the source they are derived from; the amount and the assessment are
    # folded into attributes, and the view says so.
    assert len(graph) == 22
    assert graph.nodes[ID + "source/seed-article"]["label"] == "seed article"
    assert graph.nodes[ID + "source/seed-article"]["role"] == "sources"
    assert view.left_out == ("2 concepts, amounts, assessments and memberships are attributes "
                             "of the nodes they describe, not nodes",)
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
    # 31 relations between case nodes, and 21 "derived from" links to the source.
    assert graph.number_of_edges() == 31 + 21
    derived = [a for a, b, d in graph.edges(data=True) if d["relation"] == "derived from"]
    assert len(derived) == 21


def test_world_view(store: ox.Store) -> None:
    view = build_view(store, parse_view("world"))
    graph = view.graph
    # 13 cities, and the Falkland Islands: a territory the lists name as a partner.
    assert view.geographic and len(graph) == 14
    # 9 twinnings in the world graph and the Bandung–Seoul twinning of the case graph: all of them.
    assert graph.number_of_edges() == 10
    falklands = graph.nodes[ID + "country/fk"]
    assert (falklands["class"], falklands["country_code"]) == ("Country", "FK")
    assert graph.has_edge(ID + "city/gb/portsmouth", ID + "country/fk")
    assert view.left_out == ("1 partner place without coordinates (Falkland Islands (Malvinas)): "
                             "1 twinning with it is in every file but not drawn on a map",)
    bandung = graph.nodes[ID + "city/id/bandung"]
    assert (bandung["country_code"], bandung["degree"], bandung["community"]) == ("ID", 4, 1)
    # Communities are named by their largest members, not by number.
    assert bandung["community_name"] == "Bandung, Seoul, Namur (3 cities)"
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


def test_degree_is_the_networks_and_view_degree_the_views(store: ox.Store) -> None:
    # Namur's ego network shows Bandung with one tie; Bandung has four in the network.
    view = build_view(store, parse_view("city:Namur"))
    bandung = view.graph.nodes[ID + "city/id/bandung"]
    assert (bandung["degree"], bandung["view_degree"]) == (4, 1)
    assert view.title == "Twinnings of Namur (Belgium), 1 step"


def test_a_studys_own_class_is_shown_with_its_links_and_title(store: ox.Store) -> None:
    # A study module's class with no core superclass, an instance linked to a case node, and
    # a twinning borrowed from another case: all in the view, with the study's title.
    ext, study = "https://example.org/ext#", "https://w3id.org/sistercity/graph/case/demo"
    extra = ox.Store()
    for quad in store:
        extra.add(quad)
    ontology = ox.NamedNode(GRAPH + "ontology")
    owl_class = ox.NamedNode("http://www.w3.org/2002/07/owl#Class")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    narrative, framed = ox.NamedNode(ext + "Narrative"), ox.NamedNode(ext + "framedBy")
    node = ox.NamedNode(ID + "narrative/demo")
    extra.add(ox.Quad(narrative, rdf_type, owl_class, ontology))
    extra.add(ox.Quad(narrative, label, ox.Literal("narrative", language="en"), ontology))
    extra.add(ox.Quad(node, rdf_type, narrative, ox.NamedNode(study)))
    extra.add(ox.Quad(node, label, ox.Literal("A narrative", language="en"), ox.NamedNode(study)))
    extra.add(ox.Quad(ox.NamedNode(ID + "twinning/id-bandung--kr-seoul"), framed, node,
                      ox.NamedNode(study)))
    view = build_view(extra, parse_view("case:demo"), titles={"demo": "A demo study"},
                      prefixes={"ex": ext})
    graph = view.graph
    assert view.title == "A demo study" and view.slug == "case-demo"
    demo = graph.nodes[ID + "narrative/demo"]
    assert (demo["class"], demo["class_label"], demo["group"], demo["role"]) == (
        "Narrative", "narrative", "Narrative", "other")
    assert demo["class_curie"] == "ex:Narrative"  # the term documentation's anchor: ex-Narrative
    twinning = ID + "twinning/id-bandung--kr-seoul"
    assert graph.nodes[twinning]["group"] == "Twinning"
    assert graph.has_edge(twinning, ID + "narrative/demo")
    # The borrowed twinning brings its partners from the case that describes it.
    assert graph.has_edge(twinning, ID + "city/kr/seoul")


def test_the_case_is_laid_out_in_bands_by_role(store: ox.Store) -> None:
    graph = build_view(store, parse_view("case")).graph
    bands = [band["key"] for band in graph.graph["bands"]]
    assert bands == ["actors", "agreements", "advocacy", "transfers", "outcomes", "sources"]
    left = {band["key"]: band["x"] for band in graph.graph["bands"]}
    assert graph.nodes[ID + "org/ksp"]["role"] == "advocacy"
    for _, data in graph.nodes(data=True):
        # Each node sits in its band's columns (x grows left to right with the bands).
        assert left[data["role"]] - 230 <= data["x"] <= left[data["role"]] + 230
    positions = {(d["x"], d["y"]) for _, d in graph.nodes(data=True)}
    assert len(positions) == len(graph)


def test_ties_carry_their_sources_kinds_and_start_years(store: ox.Store) -> None:
    # A real row of the German list (german-twin-towns.csv: Braunschweig–Bandung, "seit" 1960,
    # form "p"), as the world import writes it: one claim per source.
    extra = ox.Store()
    for quad in store:
        extra.add(quad)
    world = ox.NamedNode(GRAPH + "world")
    sc, schema = "https://w3id.org/sistercity/ontology#", "https://schema.org/"
    prov, rdf = "http://www.w3.org/ns/prov#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    city, twin = ox.NamedNode(ID + "city/de/braunschweig"), ox.NamedNode(ID + "twinning/de-braunschweig--id-bandung")
    claim, source = ox.NamedNode(ID + "claim/de-braunschweig--id-bandung/german-twin-towns"), ox.NamedNode(ID + "source/german-twin-towns")
    gyear = ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")
    for s, p, o in [
            (city, ox.NamedNode(rdf + "type"), ox.NamedNode(sc + "City")),
            (city, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Braunschweig", language="en")),
            (twin, ox.NamedNode(rdf + "type"), ox.NamedNode(sc + "Twinning")),
            (twin, ox.NamedNode(sc + "partner"), city),
            (twin, ox.NamedNode(sc + "partner"), ox.NamedNode(ID + "city/id/bandung")),
            (twin, ox.NamedNode(prov + "wasDerivedFrom"), source),
            (twin, ox.NamedNode(schema + "startDate"), ox.Literal("1960", datatype=gyear)),
            (claim, ox.NamedNode(sc + "claimAbout"), twin),
            (claim, ox.NamedNode(prov + "wasDerivedFrom"), source),
            (claim, ox.NamedNode(schema + "startDate"), ox.Literal("1960", datatype=gyear)),
            (claim, ox.NamedNode(sc + "tieKind"), ox.NamedNode("https://w3id.org/sistercity/vocab/tie-kind/partnership"))]:
        extra.add(ox.Quad(s, p, o, world))
    extra.add(ox.Quad(source, ox.NamedNode(sc + "citedAs"), ox.Literal("German twin towns"),
                      ox.NamedNode(GRAPH + "sources")))
    graph = build_view(extra, parse_view("world")).graph
    tie = graph.get_edge_data(ID + "city/de/braunschweig", ID + "city/id/bandung")[twin.value]
    assert (tie["sources"], tie["kind"], tie["start_year"]) == ("German twin towns", "Partnership", 1960)
    namur = graph.get_edge_data(ID + "city/be/namur", ID + "city/id/bandung")
    assert next(iter(namur.values()))["sources"] == "Twin cities (world list)"
    from sistercity.publish.exporters.html import page_data

    page = page_data(build_view(extra, parse_view("world")))
    assert page["filters"] == ["kind", "sources", "start_year"]


def test_two_cities_of_one_name_and_country_are_told_apart_by_their_key() -> None:
    import networkx as nx

    from sistercity.publish.exporters.names import find_city

    graph = nx.MultiDiGraph()
    city = "https://w3id.org/sistercity/id/city/"
    for key, degree in (("id/bandung", 10), ("id/bandung-east-java", 1), ("al/berat", 3)):
        graph.add_node(city + key, label=key.split("/")[1].split("-")[0].title(), country_code=key[:2].upper(),
                       country="", degree=degree)
    with pytest.raises(UsageError) as said:
        find_city(graph, "bandung", country="ID")
    assert str(said.value) == ("2 cities are named 'bandung' in ID: choose one of city:id/bandung (Bandung, ID, "
                               "10 twinnings), city:id/bandung-east-java (Bandung, ID, 1 twinning)")
    assert find_city(graph, "id/bandung-east-java") == city + "id/bandung-east-java"
    assert find_city(graph, "Berat") == city + "al/berat"


def test_a_source_is_named_by_its_citation_without_the_parentheses_around_it() -> None:
    from sistercity.publish.exporters.selection import _source_names

    store = ox.Store()
    cited = ox.NamedNode("https://w3id.org/sistercity/ontology#citedAs")
    for slug, citation in (("morgan-1973", "(Morgan, 1973)"), ("kissinger-1955", "Kissinger (1955)"),
                           ("city-a-b", "(City (A) and B)")):
        store.add(ox.Quad(ox.NamedNode(ID + f"source/{slug}"), cited, ox.Literal(citation)))
    names = _source_names(store, {})
    assert [names[ID + f"source/{s}"] for s in ("morgan-1973", "kissinger-1955", "city-a-b")] == [
        "Morgan, 1973", "Kissinger (1955)", "(City (A) and B)"]
