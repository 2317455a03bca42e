"""The full world lists (Wikipedia's 25,917 rows, the German list's 5,881, Wikidata's 13,081): real
rows, real counts."""

from __future__ import annotations

import pytest
from rdflib import Literal
from rdflib.namespace import PROV, RDF, XSD

from sistercity.core.namespaces import ID, SC
from sistercity.sources.flags import Problem
from sistercity.sources.world import build_world

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def world(repo_root):
    return build_world(repo_root)


def test_rows_read_and_provenance(world):
    counts = {"world-twin-cities": 25917, "german-twin-towns": 5881, "eu-wikidata-sister-cities": 13081}
    assert world.rows_read == sum(counts.values())
    for slug, rows in counts.items():
        source = ID[f"source/{slug}"]
        assert world.graph.value(source, SC.rowCount) == Literal(rows, datatype=XSD.nonNegativeInteger)
        assert (source, RDF.type, SC.DataSet) in world.graph


def test_three_self_pairs_with_their_rows(world):
    flags = world.quality.of(Problem.SELF_TWINNING)
    assert [(f.row, f.value) for f in flags] == [(12068, "Nienburg"), (24152, "Stryi"), (24481, "Dobřany")]


def test_empty_countries_recovered(world):
    rows = [f.row for f in world.quality.of(Problem.COUNTRY_FROM_NAME)]
    assert rows == [4826, 6914, 12308, 20843, 25540]
    assert world.quality.counts()[Problem.UNMAPPED_COUNTRY] == 0


def test_calabria_is_flagged_as_a_region(world):
    assert (86, "Calabria") in {(f.row, f.value) for f in world.quality.of(Problem.REGION_AS_CITY)}


def test_duplicate_pairs_merged(world):
    # Row 2376 (Woluwe-Saint-Pierre → Gangnam (Seoul)) and row 22308 (Seoul – Gangnam → Woluwe):
    # one twinning, one claim of the Wikipedia lists holding both rows.
    twin = ID["twinning/be-woluwe-saint-pierre--kr-gangnam-seoul"]
    claim = ID["claim/be-woluwe-saint-pierre--kr-gangnam-seoul/world-twin-cities"]
    assert (claim, SC.claimAbout, twin) in world.graph
    assert sorted(int(r) for r in world.graph.objects(claim, SC.sourceRow)) == [2376, 22308]
    # Every row of the Wikipedia lists but the three self-pairs stands on exactly one claim, and a
    # row beyond a claim's first is a merged duplicate, flagged as such.
    source = ID["source/world-twin-cities"]
    claims = [c for c in world.graph.subjects(RDF.type, SC.TwinningClaim)
              if (c, PROV.wasDerivedFrom, source) in world.graph]
    rows = [int(r) for c in claims for r in world.graph.objects(c, SC.sourceRow)]
    assert len(rows) == len(set(rows)) == 25917 - 3
    merged = [f for f in world.quality.of(Problem.DUPLICATE_PAIR) if f.source == "world-twin-cities"]
    assert len(merged) == len(rows) - len(claims)


def test_bandung_has_nine_listed_partners(world):
    bandung = ID["city/id/bandung"]
    assert len(set(world.graph.objects(bandung, SC.twinnedWith))) == 9
    assert (ID["city/kr/seoul"], RDF.type, SC.City) in world.graph
    assert (ID["twinning/id-bandung--kr-seoul"], None, None) not in world.graph


def test_coordinates_outside_country_report_distance(world):
    flags = world.quality.of(Problem.COORDINATES_OUTSIDE_COUNTRY)
    perth = [f for f in flags if f.value == "Perth" and "lies in AU" in f.detail]
    assert perth and "km from the nearest place in GB" in perth[0].detail


def test_quality_csv_has_every_flag_with_its_row(world):
    lines = world.quality.to_csv().splitlines()
    assert lines[0] == "source,row,problem,action,column,value,detail"
    assert len(lines) == 1 + len(world.quality.flags)


def test_a_far_homonym_twinned_with_the_same_city_is_the_same_place(world):
    # The German list geocodes Braunschweig's Bandung (row 858) to a village of East Java, 481 km
    # from the Bandung of the other two lists, which twin Bandung with Braunschweig too: one place,
    # one twinning with a claim of each source, and an uncertain merge that names the evidence.
    twinning = ID["twinning/de-braunschweig--id-bandung"]
    rows = {str(world.graph.value(claim, PROV.wasDerivedFrom) or claim).rsplit("/", 1)[-1]:
            sorted(int(r) for r in world.graph.objects(claim, SC.sourceRow))
            for claim in world.graph.subjects(SC.claimAbout, twinning)}
    assert rows == {"world-twin-cities": [11023], "german-twin-towns": [858], "eu-wikidata-sister-cities": [9824]}
    assert not any("/city/id/bandung-" in str(s) for s in world.graph.subjects())
    merged = [f for f in world.quality.of(Problem.UNCERTAIN_MERGE) if (f.source, f.row) == ("german-twin-towns", 858)]
    assert len(merged) == 1 and merged[0].detail.startswith("481 km from the 'Bandung' of ID")
    assert "world-twin-cities row 11023 twins with Braunschweig (DE)" in merged[0].detail


def test_namesakes_twinned_with_one_namesake_stay_apart(world):
    # Coventry, Rhode Island and Coventry, New York are both twinned with Coventry in England:
    # a namesake shares the name, not the place, and is no evidence that the two are one.
    cities = {str(s) for s in world.graph.subjects(RDF.type, SC.City) if "/city/us/coventry" in str(s)}
    assert {ID["city/us/coventry-rhode-island"], ID["city/us/coventry-new-york"]} <= {ID[c.split("/id/")[1]]
                                                                                        for c in cities}
    # German Falkensteins, Königsteins and Eisenbergs twin their namesakes: never folded into self-pairs
    assert [f.row for f in world.quality.of(Problem.SELF_TWINNING)] == [12068, 24152, 24481]


def test_source_agreement_on_the_full_lists(world):
    from sistercity.analysis.agreement import source_agreement

    agreement = source_agreement(world.result)
    counts = agreement.by_count()
    assert sum(counts.values()) == len(world.result.twinnings) and counts[3] > 0
    pairs = {str(p.twinning.iri): p for p in agreement.pairs}
    # Braunschweig – Bandung: Wikipedia, Wikidata and the German list (which gives 1960).
    braunschweig = pairs[str(ID["twinning/de-braunschweig--id-bandung"])]
    assert braunschweig.sources == ("world-twin-cities", "eu-wikidata-sister-cities", "german-twin-towns")
    assert dict(braunschweig.start_years)["german-twin-towns"] == ("1960",)
    # Berlin – Paris: German rows 571 (1987), 577 and 589 (Paris districts, 2000), Wikidata row 6737.
    berlin = pairs[str(ID["twinning/de-berlin--fr-paris"])]
    assert [(c.source, c.rows) for c in berlin.twinning.claims] == [
        ("eu-wikidata-sister-cities", (6737,)), ("german-twin-towns", (571, 577, 589))]
    assert berlin.start_conflict and berlin in agreement.start_conflicts()
    # Wikidata lists Halle's ties and names Gyumri; Wikipedia row 269 states Gyumri – Halle.
    gyumri = pairs[str(ID["twinning/am-gyumri--de-halle"])]
    assert gyumri.twinning.claims[0].rows == (269,) and gyumri.lacked_by == ("eu-wikidata-sister-cities",)
    # Only the German list gives years and kinds row by row: every conflict is within it.
    assert agreement.dated() == agreement.kinded() == ["german-twin-towns"]
