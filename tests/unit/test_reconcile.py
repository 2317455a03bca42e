"""Reconciling every curated case with the world lists: the Bandung–Seoul case, the China–Indonesia
study, and a count of sister cities a study states for a city of its own.

World fixtures: tests/data/world/sample.csv and tests/data/reconcile/indonesian-cities.csv (real
rows of twin_cities.csv); case fixture: tests/data/world/case_minimal.ttl and the real case files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib.namespace as rdfns
from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS

from sistercity.analysis.reconcile import Outcome, Reconciliation, reconcile
from sistercity.core.namespaces import ID, SC
from sistercity.sources.mapping import ColumnMapping
from sistercity.sources.world import import_twinnings

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = Path(__file__).resolve().parents[2]
BANDUNG_SEOUL = ID["twinning/id-bandung--kr-seoul"]
SURABAYA_XIAMEN = ID["twinning/cn-xiamen--id-surabaya"]
SEMARANG_BEIHAI = ID["twinning/cn-beihai--id-semarang"]
WORLD = ID["source/world-twin-cities"]
# The open XSD Namespace, not rdflib's closed class (pytest probes module globals and it warns).
XSD = rdfns.XSD._NS


def _world(name: str) -> Graph:
    return import_twinnings(DATA / name, ColumnMapping(), check_coordinates=False).graph


@pytest.fixture(scope="module")
def minimal() -> Reconciliation:
    case = Graph().parse(DATA / "world" / "case_minimal.ttl")
    return reconcile(case, _world("world/sample.csv"))


def _curated(*folders: Path) -> Graph:
    """The case files of the given folders and the core's sources, as the build's curated union."""
    graph = Graph()
    for folder in (*folders, ROOT / "data" / "sources"):
        for path in sorted(folder.glob("*.ttl")):
            if not path.name.endswith(".shapes.ttl"):
                graph.parse(path)
    return graph


@pytest.fixture(scope="module")
def every_case() -> Reconciliation:
    """The real Bandung–Seoul case and the China–Indonesia study against real rows of the lists."""
    case = _curated(ROOT / "data" / "cases" / "bandung-seoul", ROOT / "studies" / "china-indonesia" / "case")
    return reconcile(case, _world("reconcile/indonesian-cities.csv"))


def test_bandung_seoul_absent_from_the_lists(minimal: Reconciliation) -> None:
    found = minimal.of_twinning(BANDUNG_SEOUL)
    assert found.outcome is Outcome.ABSENT_FROM_WORLD_LISTS and found.listed_as is None
    g = minimal.graph
    assert found.finding == ID["reconciliation/twinning/id-bandung--kr-seoul"]
    assert g.value(found.finding, SC.reconciles) == BANDUNG_SEOUL
    assert set(g.objects(found.finding, SC.comparedSource)) == {ID["source/seed-article"], WORLD}
    # sample.csv: Bandung with Namur, Cotabato City and Suwon; Seoul with Astana and São Paulo
    assert found.listed_partners == (3, 2)


def test_counts_kept_side_by_side(minimal: Reconciliation) -> None:
    g = minimal.graph
    found = minimal.of_statistic(ID["statistic/bandung-sister-cities"])
    world_stat = ID["statistic/world-lists/city/id/bandung"]
    assert found.world_statistic == world_stat
    assert g.value(world_stat, SC.partnerCount) == Literal(3, datatype=XSD.nonNegativeInteger)
    assert g.value(world_stat, PROV.wasDerivedFrom) == WORLD
    assert set(g.objects(found.finding, SC.reconciles)) == {ID["statistic/bandung-sister-cities"], world_stat}
    assert found.outcome is Outcome.COUNT_DIFFERS
    assert {label for label, _ in found.listed} == {"Namur – Bandung", "Bandung – Cotabato City",
                                                    "Bandung – Suwon"}
    assert len(set(g.objects(found.finding, SC.candidatePartner))) == 3
    assert "| 25 |" in minimal.markdown and "| 14 |" in minimal.markdown


def test_query_the_claims(minimal: Reconciliation) -> None:
    rows = list(minimal.graph.query(
        "PREFIX sc: <https://w3id.org/sistercity/ontology#> "
        "SELECT ?outcome WHERE { ?f sc:reconciles <https://w3id.org/sistercity/id/twinning/id-bandung--kr-seoul> ;"
        " sc:reconciliationOutcome ?outcome }"))
    assert [str(r[0]) for r in rows] == ["absent-from-world-lists"]


def test_every_curated_twinning_is_reconciled(every_case: Reconciliation) -> None:
    """Not only Bandung's: the two China–Indonesia twinnings the article cites are looked up too."""
    outcomes = {t.twinning: t.outcome for t in every_case.twinnings}
    assert outcomes == {BANDUNG_SEOUL: Outcome.ABSENT_FROM_WORLD_LISTS,
                        SURABAYA_XIAMEN: Outcome.PRESENT_IN_BOTH,
                        SEMARANG_BEIHAI: Outcome.PRESENT_IN_BOTH}
    surabaya = every_case.of_twinning(SURABAYA_XIAMEN)
    assert surabaya.listed_as == SURABAYA_XIAMEN  # the same IRI in both: the claims meet
    assert set(surabaya.sources) == {ID["source/seed-article"], ID["source/bramastya-septiarika-2020"]}
    assert surabaya.labels == ("Xiamen", "Surabaya")
    assert surabaya.listed_partners == (1, 10)  # fixture rows: Xiamen once, Surabaya ten times
    for finding in every_case.twinnings:
        assert (finding.finding, RDF.type, SC.Reconciliation) in every_case.graph
        assert f"`{finding.twinning}`" in every_case.markdown


def test_a_studys_count_of_its_own_city_is_reconciled(every_case: Reconciliation) -> None:
    """A study that states how many sister cities Surabaya has gets its own count finding."""
    case = _curated(ROOT / "data" / "cases" / "bandung-seoul", ROOT / "studies" / "china-indonesia" / "case")
    statistic = ID["statistic/surabaya-sister-cities-fixture"]
    for triple in [(statistic, RDF.type, SC.TwinningStatistic),
                   (statistic, RDFS.label, Literal("Surabaya's sister cities (test study)", lang="en")),
                   (statistic, SC.aboutPlace, ID["city/id/surabaya"]),
                   (statistic, SC.partnerCount, Literal(10, datatype=XSD.nonNegativeInteger)),
                   (statistic, PROV.wasDerivedFrom, ID["source/bramastya-septiarika-2020"])]:
        case.add(triple)
    found = reconcile(case, _world("reconcile/indonesian-cities.csv"))
    surabaya = found.of_statistic(statistic)
    assert surabaya.outcome is Outcome.COUNT_AGREES and len(surabaya.listed) == 10
    assert surabaya.world_statistic == ID["statistic/world-lists/city/id/surabaya"]
    bandung = found.of_statistic(ID["statistic/bandung-sister-cities-2020"])
    assert (bandung.stated, bandung.active, len(bandung.listed)) == (25, 14, 3)
    assert bandung.outcome is Outcome.COUNT_DIFFERS
    assert "### Surabaya" in found.markdown and "### Bandung" in found.markdown


def test_an_unknown_twinning_is_a_key_error(every_case: Reconciliation) -> None:
    with pytest.raises(KeyError):
        every_case.of_twinning(ID["twinning/xx-nowhere--yy-nothing"])
