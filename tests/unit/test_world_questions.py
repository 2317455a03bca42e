"""Research questions 25–29 on the world lists (time, kinds of tie, continents, claims), each
checked against the source files themselves: data/world/sources/german-twin-towns.csv is read
here with the csv module, without any of the import's logic."""

from __future__ import annotations

import csv
import math
from collections import Counter, defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from sistercity.publish.built import load_built
from tests.unit.test_questions import answer

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
GERMAN = ROOT / "data" / "world" / "sources" / "german-twin-towns.csv"
ID = "https://w3id.org/sistercity/id/"
SC = "https://w3id.org/sistercity/ontology#"


@pytest.fixture(scope="module")
def store(world_dist: Path) -> ox.Store:
    return load_built(world_dist)


@pytest.fixture(scope="module")
def german() -> list[dict[str, str]]:
    """The German list's data rows; row n (from 1, header excluded) is german[n - 1]."""
    with GERMAN.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def count(store: ox.Store, query: str) -> int:
    return int(next(iter(store.query(query, use_default_graph_as_union=True)))[0].value)


def test_growth_by_decade_against_the_german_years(store: ox.Store, german) -> None:
    rows = answer(store, "25-growth-by-decade")
    decades = {int(r["decade"]): int(r["twinnings"]) for r in rows}
    # The years before 1950 are few enough to count by hand from the file: Rottweil – Brugg 1913,
    # Linz am Rhein – Linz 1920, Wiesbaden – Klagenfurt 1930, eleven pairs of the 1940s.
    early = Counter(int(r["seit"]) // 10 * 10 for r in german if r["seit"] and int(r["seit"]) < 1950)
    assert early == {1910: 1, 1920: 1, 1930: 1, 1940: 11}
    assert {d: n for d, n in decades.items() if d < 1950} == dict(early)
    # Every decade is one the file's years fall in, and the 1990s are the busiest, as in the file.
    in_file = Counter(int(r["seit"]) // 10 * 10 for r in german if r["seit"])
    assert set(decades) == set(in_file)
    assert max(decades, key=decades.__getitem__) == max(in_file, key=in_file.__getitem__) == 1990
    # The counts are of twinnings, not rows: their total is the twinnings with a dated claim.
    dated = count(store, f"""SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{
        ?c <{SC}claimAbout> ?t ; <https://schema.org/startDate> ?d }}""")
    assert sum(decades.values()) == dated
    assert math.isclose(sum(float(r["share"]) for r in rows), 1.0, abs_tol=0.001)


@pytest.mark.parametrize("country, code", [("Indonesia", "ID"), ("Costa Rica", "CR"), ("Ghana", "GH"),
                                           ("Kazakhstan", "KZ")])
def test_kinds_of_tie_by_country_against_the_german_forms(store: ox.Store, german, country, code) -> None:
    rows = answer(store, "26-tie-kinds-by-country")
    got = {r["kind"]: int(r["twinnings"]) for r in rows if r["country"] == code}
    names = {"p": "Partnership", "f": "Friendship", "k": "Contact"}
    pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in german:
        if r["country"] == country and r["form"]:
            pairs[names[r["form"]]].add((r["municipality"], r["partnergemeinde"]))
    assert pairs, f"no German rows for {country}"
    assert {kind: got.get(kind, 0) for kind in pairs} == {kind: len(p) for kind, p in pairs.items()}


def test_kinds_of_tie_total_the_claims(store: ox.Store) -> None:
    rows = answer(store, "26-tie-kinds-by-country")
    twin_towns = sum(int(r["twinnings"]) for r in rows if r["kind"] == "Twin town or sister city")
    # each twinning counts once for each of its two countries (twice when both are one country)
    expected = count(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{
        SELECT DISTINCT ?t ?cc WHERE {{
          ?c <{SC}tieKind> <https://w3id.org/sistercity/vocab/tie-kind/twin-town> ; <{SC}claimAbout> ?t .
          ?t <{SC}partner>/<{SC}inCountry>/<{SC}countryCode> ?cc }} }}""")
    assert twin_towns == expected > 20_000


def test_ties_across_continents(store: ox.Store) -> None:
    rows = answer(store, "27-ties-across-continents")
    pairs = {(r["continentA"], r["continentB"]): int(r["twinnings"]) for r in rows}
    # independently: the two continents of every pair of twinned places (a study's twinning of a
    # pair the lists also state is one tie; a territory named as a partner is its country node)
    query = f"""SELECT DISTINCT ?x ?y ?a ?b WHERE {{
        ?t a <{SC}Twinning> ; <{SC}partner> ?x , ?y . FILTER(STR(?x) < STR(?y))
        ?x <{SC}inCountry>?/<{SC}continent> ?a . ?y <{SC}inCountry>?/<{SC}continent> ?b }}"""
    label = {f"https://w3id.org/sistercity/vocab/continent/{slug}": name for slug, name in (
        ("africa", "Africa"), ("antarctica", "Antarctica"), ("asia", "Asia"), ("europe", "Europe"),
        ("north-america", "North America"), ("oceania", "Oceania"), ("south-america", "South America"))}
    counted = Counter(tuple(sorted((label[s["a"].value], label[s["b"].value])))
                      for s in store.query(query, use_default_graph_as_union=True))
    assert pairs == dict(counted)
    assert pairs[("Asia", "Europe")] > pairs[("Africa", "Europe")] > 0
    assert rows[0]["continentA"] == rows[0]["continentB"] == "Europe"


def test_a_citys_partners_with_start_years_against_the_german_rows(store: ox.Store, german) -> None:
    rows = answer(store, "28-partners-with-start-years", city=ID + "city/de/braunschweig")
    mine = [(n, r) for n, r in enumerate(german, start=1) if r["municipality"] == "Braunschweig"]
    assert [r["partnergemeinde"] for _, r in mine] == ["Sousse", "Omaha", "Bandung", "Nimes", "Bath"]
    for number, row in mine:
        stated = [r for r in rows if f"german-twin-towns row {number}" in r["sources"].split("; ")]
        assert len(stated) == 1, f"German row {number} ({row['partnergemeinde']})"
        assert stated[0]["startYears"] == f"{row['seit']} (german-twin-towns)"
    bandung = next(r for r in rows if r["partner"] == ID + "city/id/bandung")
    assert set(bandung["sources"].split("; ")) == {"world-twin-cities row 11023", "german-twin-towns row 858",
                                                   "eu-wikidata-sister-cities row 9824"}
    # the default city is Bandung: Braunschweig is its one partner with a start year
    dated = [r["partnerLabel"] for r in answer(store, "28-partners-with-start-years") if r["startYears"]]
    assert dated == ["Braunschweig"]


def test_conflicting_claims_against_the_german_rows(store: ox.Store, german, world_dist: Path) -> None:
    rows = answer(store, "29-conflicting-claims")
    berlin = [r for r in rows if r["twinning"] == ID + "twinning/de-berlin--fr-paris"]
    assert [r["conflict"] for r in berlin] == ["start year"]
    # rows 571, 577 and 589 of the file: Paris 1987, Paris (20. Bezirk) 2000, Paris (12. Bezirk) 2000
    years = {german[n - 1]["seit"] for n in (571, 577, 589)}
    assert {german[n - 1]["partnergemeinde"].split(" (")[0] for n in (571, 577, 589)} == {"Paris"}
    assert set(berlin[0]["claimed"].split(", ")) == years == {"1987", "2000"}
    assert {"german-twin-towns row 571", "german-twin-towns row 577", "german-twin-towns row 589",
            "eu-wikidata-sister-cities row 6737"} == set(berlin[0]["sources"].split("; "))
    # the same pairs as the source-agreement report, which the build computes in Python
    with (world_dist / "world-sources.csv").open(encoding="utf-8", newline="") as handle:
        report = list(csv.DictReader(handle))
    assert {(r["twinning"], c) for r in report for c, flag in (("start year", r["start_conflict"]),
                                                                 ("kind of tie", r["kind_conflict"]))
            if flag == "true"} == {(r["twinning"], r["conflict"]) for r in rows}


def test_the_materialised_aggregates_conform_to_their_shapes(store: ox.Store) -> None:
    """queries/materialize/ writes what questions 26 and 29 read: valid against patterns.shapes.ttl
    (with the types of the countries and twinnings they point at), and a broken one is caught."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import XSD

    from sistercity.build.validate import validate

    nodes = f"""CONSTRUCT {{ ?s ?p ?o . ?o a ?type }} WHERE {{
        GRAPH <https://w3id.org/sistercity/graph/analytics> {{
          VALUES ?kind {{ <{SC}CountryTieKindCount> <{SC}ClaimConflict> }} ?s a ?kind ; ?p ?o }}
        OPTIONAL {{ ?o a ?type }} }}"""
    # Oxigraph keeps every integer as xsd:integer (a built xsd:nonNegativeInteger reads back so):
    # typed back as the ontology's range says, so that the shapes check what the build wrote.
    text = "".join(f"{t} .\n" for t in store.query(nodes, use_default_graph_as_union=True))
    data = Graph().parse(data=text.replace(f"^^<{XSD.integer}>", f"^^<{XSD.nonNegativeInteger}>"), format="nt")
    assert len(set(data.subjects(URIRef(SC + "countedCountry"), None))) == 536
    assert len(set(data.subjects(URIRef(SC + "conflictAbout"), None))) == 27
    shapes = Graph().parse(ROOT / "ontology" / "shapes" / "patterns.shapes.ttl")
    ontology = Graph()
    for module in ("places", "patterns", "claims"):
        ontology.parse(ROOT / "ontology" / "modules" / f"{module}.ttl")
    assert validate(data, shapes=shapes, ontology=ontology).conforms(warnings_ok=False)
    count = URIRef(ID + "country-tie-kind/id/partnership")
    assert (count, URIRef(SC + "twinningCount"), None) in data
    data.remove((count, URIRef(SC + "twinningCount"), None))
    data.add((count, URIRef(SC + "twinningCount"), Literal(0, datatype=XSD.nonNegativeInteger)))
    broken = validate(data, shapes=shapes, ontology=ontology)
    assert [f.focus for f in broken.violations] == [str(count)]
