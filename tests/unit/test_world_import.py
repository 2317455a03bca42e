"""Importing twinning lists: real rows of the world list (a sample), bad rows, other shapes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import PROV, RDF, RDFS, XSD

from sistercity.core.errors import ImportProblem
from sistercity.sources.geocode import load_geocoder
from sistercity.sources.identity import canonical_name, slugify
from sistercity.sources.mapping import ColumnMapping, load_mapping, mapping_from_dict
from sistercity.sources.twinnings import read_table
from sistercity.core.namespaces import ID, SC, WGS84
from sistercity.sources.flags import Problem
from sistercity.sources.world import import_twinnings

DATA = Path(__file__).resolve().parents[1] / "data" / "world"


@pytest.fixture(scope="module")
def geocoder():
    return load_geocoder()


@pytest.fixture(scope="module")
def sample(geocoder):
    """tests/data/world/sample.csv: 15 real rows of twin_cities.csv (rows 1-3, 4826, 6914, ...)."""
    return import_twinnings(DATA / "sample.csv", ColumnMapping(), geocoder=geocoder)


def test_first_row_berat_amasya(sample):
    g = sample.graph
    twin = ID["twinning/al-berat--tr-amasya"]
    assert (twin, RDF.type, SC.Twinning) in g
    assert set(g.objects(twin, SC.partner)) == {ID["city/al/berat"], ID["city/tr/amasya"]}
    assert g.value(twin, RDFS.label) == Literal("Berat – Amasya", lang="en")
    claim = ID["claim/al-berat--tr-amasya/world-twin-cities"]
    assert g.value(claim, SC.claimAbout) == twin and (claim, RDF.type, SC.TwinningClaim) in g
    assert g.value(claim, SC.sourceRow) == Literal(1, datatype=XSD.positiveInteger)
    assert g.value(claim, PROV.wasDerivedFrom) == ID["source/world-twin-cities"]
    assert g.value(twin, PROV.wasDerivedFrom) == ID["source/world-twin-cities"]
    assert (ID["city/al/berat"], SC.twinnedWith, ID["city/tr/amasya"]) in g
    assert (ID["city/tr/amasya"], SC.twinnedWith, ID["city/al/berat"]) in g
    assert g.value(ID["city/al/berat"], SC.inCountry) == ID["country/al"]
    assert g.value(ID["city/al/berat"], WGS84.lat) == Literal("40.7022", datatype=XSD.decimal)
    assert g.value(ID["country/tr"], SC.countryCode) == Literal("TR")


def test_every_twinning_has_exactly_two_partners(sample):
    g = sample.graph
    for twin in g.subjects(RDF.type, SC.Twinning):
        partners = set(g.objects(twin, SC.partner))
        assert len(partners) == 2, twin


def test_homonyms_across_countries_stay_apart(sample):
    assert ID["city/fr/berat"] != ID["city/al/berat"]
    assert (ID["twinning/al-berat--fr-berat"], RDF.type, SC.Twinning) in sample.graph


def test_self_pair_rejected_and_reported(sample):
    flags = sample.quality.of(Problem.SELF_TWINNING)
    assert [(f.row, f.value) for f in flags] == [(6, "Nienburg")]
    assert (ID["city/de/nienburg"], None, None) not in sample.graph


def test_varna_country_recovered_from_name(sample):
    assert sample.graph.value(ID["city/bg/varna"], SC.inCountry) == ID["country/bg"]
    rows = [f.row for f in sample.quality.of(Problem.COUNTRY_FROM_NAME)]
    assert rows == [4, 5]


def test_territory_partner_is_the_country(sample):
    twin = ID["twinning/fk-falkland-islands--gb-portsmouth"]
    assert set(sample.graph.objects(twin, SC.partner)) == {ID["country/fk"], ID["city/gb/portsmouth"]}


def test_kosovo_mapped_through_table(sample):
    prizren = ID["city/xk/prizren"]
    assert sample.graph.value(prizren, SC.inCountry) == ID["country/xk"]
    assert sample.graph.value(ID["country/xk"], RDFS.label) == Literal("Kosovo", lang="en")


def test_both_directions_of_a_district_pair_merge(sample):
    # Rows 7 (Woluwe-Saint-Pierre → Gangnam (Seoul)) and 8 (Seoul – Gangnam → Woluwe-Saint-Pierre).
    claim = ID["claim/be-woluwe-saint-pierre--kr-gangnam-seoul/world-twin-cities"]
    rows = sorted(int(r) for r in sample.graph.objects(claim, SC.sourceRow))
    assert rows == [7, 8]
    assert [f.row for f in sample.quality.of(Problem.DUPLICATE_PAIR)] == [8]


def test_calabria_flagged_as_region(sample):
    flags = sample.quality.of(Problem.REGION_AS_CITY)
    assert [(f.row, f.value) for f in flags] == [(15, "Calabria")]
    assert "IT-78" in flags[0].detail


def test_case_iris_are_the_case_data_iris(sample):
    g = sample.graph
    assert (ID["city/id/bandung"], RDF.type, SC.City) in g
    assert (ID["city/kr/seoul"], RDF.type, SC.City) in g
    assert (ID["twinning/id-bandung--kr-seoul"], None, None) not in g


def test_bad_rows_are_reported_and_do_not_stop_the_others(geocoder):
    build = import_twinnings(DATA / "bad_rows.csv", ColumnMapping(), geocoder=geocoder)
    found = {(f.row, f.problem) for f in build.quality.flags}
    assert {(2, Problem.MISSING_CITY), (3, Problem.BAD_COORDINATE), (4, Problem.UNMAPPED_COUNTRY),
            (5, Problem.SELF_TWINNING), (6, Problem.DUPLICATE_PAIR)} <= found
    g = build.graph
    assert (ID["twinning/al-berat--fr-berat"], RDF.type, SC.Twinning) in g  # kept, no coordinates
    assert g.value(ID["city/al/berat"], WGS84.lat) is not None  # row 1 had them
    assert len(set(g.subjects(RDF.type, SC.Twinning))) == 2


def test_partner_without_country_resolves_when_unambiguous():
    mapping = mapping_from_dict({"city1": "town", "country1": "nation", "city2": "partner",
                                 "country2": "", "lat1": "", "lng1": "", "lat2": "", "lng2": ""})
    build = import_twinnings(DATA / "partners_no_country.csv", mapping, check_coordinates=False)
    g = build.graph
    assert (ID["claim/al-berat--tr-amasya/world-twin-cities"], SC.sourceRow,
            Literal(2, datatype=XSD.positiveInteger)) in g
    unresolved = build.quality.of(Problem.UNRESOLVED_PARTNER)
    assert [(f.row, f.value) for f in unresolved] == [(3, "Springfield")]  # in US and AU


def test_not_csv_fails_before_writing():
    with pytest.raises(ImportProblem, match="not a UTF-8|NUL"):
        read_table(DATA / "not_csv.bin", ColumnMapping())


def test_missing_mapped_column_names_it():
    with pytest.raises(ImportProblem, match="--country2 'land2'"):
        read_table(DATA / "sample.csv", ColumnMapping(country2="land2"))


def test_world_mapping_file(repo_root):
    assert load_mapping(repo_root / "data/world/mapping.toml") == ColumnMapping(values=(("kind", "twin-town"),))


def test_slugs_and_district_names():
    assert slugify("Dobřany") == "dobrany"
    assert slugify("Jing'an (Shanghai)") == "jingan-shanghai"
    assert canonical_name("Seoul – Gangnam") == "Gangnam (Seoul)"
    assert canonical_name("Centro Storico – Piedicastello (Trento)") == "Centro Storico – Piedicastello (Trento)"


def test_oxigraph_store_holds_the_same_triples(sample, geocoder):
    ox = import_twinnings(DATA / "sample.csv", ColumnMapping(), geocoder=geocoder, store="oxigraph")

    def key(term):
        # RDF 1.1: a simple literal is an xsd:string, which rdflib keeps apart; pyoxigraph 0.5
        # stores xsd:positiveInteger/nonNegativeInteger as xsd:integer (same value, datatype lost).
        if isinstance(term, Literal):
            datatype = term.datatype or ("" if term.language else XSD.string)
            if datatype in (XSD.positiveInteger, XSD.nonNegativeInteger):
                datatype = XSD.integer
            return str(term), term.language, str(datatype)
        return term

    assert {tuple(map(key, t)) for t in ox.graph} == {tuple(map(key, t)) for t in sample.graph}


def test_whole_degree_coordinates_are_written_as_xsd_decimals(tmp_path, geocoder, repo_root):
    """Row 610 of twin_cities.csv puts Walker, United States at 40, -100: the N-Triples that
    Oxigraph and reasonable load say "40", not Python's "4E+1" (no xsd:decimal, so SPARQL could
    not compare it)."""
    rows = (repo_root / "data" / "world" / "twin_cities.csv").read_text(encoding="utf-8").splitlines()
    assert rows[610] == "Colac Otway,Australia,-38.338,143.5737,Walker,United States,40,-100"
    table = tmp_path / "walker.csv"
    table.write_text(f"{rows[0]}\n{rows[610]}\n", encoding="utf-8")
    text = import_twinnings(table, ColumnMapping(), geocoder=geocoder, store="none").ntriples()
    walker, decimal = f"<{ID}city/us/walker>", f"<{XSD.decimal}>"
    assert f'{walker} <{WGS84.lat}> "40"^^{decimal} .' in text
    assert f'{walker} <{WGS84.long}> "-100"^^{decimal} .' in text
    lexical = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
    decimals = re.findall(rf'"([^"]*)"\^\^{re.escape(decimal)}', text)
    assert len(decimals) == 4 and all(lexical.fullmatch(d) for d in decimals)
