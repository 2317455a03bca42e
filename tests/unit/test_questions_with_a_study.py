"""Adding a study breaks nothing: the research questions on a build with a scholar's extra study.

The study is written into a temporary folder by ``sistercity new study`` and given a few more
nodes of the kinds a scholar adds: instances of the study's own class (one with two sources, each
with its locator), an outcome the Smart LBEG frame does not cover, one that a study places in a
dimension of its own, a twinning with a city of the Bandung–Seoul case and a count of that city's
sister cities. The build is ``--no-world`` and made once per session. Every case question's
Bandung–Seoul rows must be exactly those of tests/expected/cq/, and the study's rows must appear
where they belong.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from sistercity.build.pipeline import build
from sistercity.cli import main
from sistercity.core.namespaces import case_graph
from sistercity.publish.built import load_built
from sistercity.publish.query import OutputFormat, format_result, run

from tests.unit.test_questions import (
    BANDUNG_SEOUL, MUST_BE_EMPTY, ROOT, case_questions, compare_case_rows, question, row_case,
    typed_in_cases,
)

SLUG = "surabaya-kitakyushu"
STUDY_GRAPH = str(case_graph(SLUG))
ID = "https://w3id.org/sistercity/id/"
EXCHANGE = ID + "youth-exchange/surabaya-kitakyushu-2019"

# What a scholar adds to the generated study, in the study's own files.
MORE_CASE = """
@base <https://w3id.org/sistercity/id/> .
@prefix sk:   <https://example.org/green-city#> .
@prefix sc:   <https://w3id.org/sistercity/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix principle: <https://w3id.org/sistercity/vocab/sci-principle/> .
@prefix dimension: <https://w3id.org/sistercity/vocab/smart-city-dimension/> .

<country/jp> a sc:Country ;
    rdfs:label "Japan"@en ;
    sc:countryCode "JP" ;
    prov:wasDerivedFrom <source/surabaya-kitakyushu-example-source> ;
    sc:sourceLocation "p. 2, paragraph 1" .

<city/jp/kitakyushu> a sc:City ;
    rdfs:label "Kitakyushu"@en ;
    sc:inCountry <country/jp> ;
    sc:twinnedWith <city/id/surabaya> ;
    prov:wasDerivedFrom <source/surabaya-kitakyushu-example-source> ;
    sc:sourceLocation "p. 2, paragraph 1" .

<city/id/surabaya> sc:twinnedWith <city/jp/kitakyushu> .

<twinning/id-surabaya--jp-kitakyushu> a sc:Twinning ;
    rdfs:label "Surabaya–Kitakyushu green sister cities"@en ;
    sc:partner <city/id/surabaya> , <city/jp/kitakyushu> ;
    prov:wasDerivedFrom <source/surabaya-kitakyushu-example-source> ;
    sc:sourceLocation "p. 2, paragraph 1" .

<statistic/surabaya-sister-cities-2024> a sc:TwinningStatistic ;
    rdfs:label "Surabaya's sister cities, as the study's source counts them"@en ;
    sc:aboutPlace <city/id/surabaya> ;
    sc:partnerCount "12"^^xsd:nonNegativeInteger ;
    prov:wasDerivedFrom <source/surabaya-kitakyushu-example-source> ;
    sc:sourceLocation "p. 3, table 1" .

# Two sources, one locator each.
<youth-exchange/surabaya-kitakyushu-2019> a sk:YouthExchange ;
    rdfs:label "Surabaya–Kitakyushu youth environment camp 2019"@en ;
    sk:participantCount "30"^^xsd:nonNegativeInteger ;
    sc:exemplifiesPrinciple principle:exchanges ;
    prov:wasDerivedFrom <source/surabaya-kitakyushu-example-source> , <source/kitakyushu-city-report-2020> ;
    prov:qualifiedDerivation <derivation/youth-exchange/surabaya-kitakyushu-2019/surabaya-kitakyushu-example-source> ,
        <derivation/youth-exchange/surabaya-kitakyushu-2019/kitakyushu-city-report-2020> .

<derivation/youth-exchange/surabaya-kitakyushu-2019/surabaya-kitakyushu-example-source> a prov:Derivation ;
    prov:entity <source/surabaya-kitakyushu-example-source> ;
    sc:sourceLocation "p. 4, paragraph 3" ;
    sc:evidenceText "Thirty pupils joined the environment camp."@en .

<derivation/youth-exchange/surabaya-kitakyushu-2019/kitakyushu-city-report-2020> a prov:Derivation ;
    prov:entity <source/kitakyushu-city-report-2020> ;
    sc:sourceLocation "Table 5, row 2" .

<youth-exchange/surabaya-kitakyushu-2022> a sk:YouthExchange ;
    rdfs:label "Surabaya–Kitakyushu youth exchange 2022"@en ;
    prov:wasDerivedFrom <source/kitakyushu-city-report-2020> ;
    sc:sourceLocation "Tabel 2, row 1" .

<outcome/surabaya-waste-bank-programme> a sc:PublicProgramme ;
    rdfs:label "Surabaya's waste bank programme"@en ;
    sc:smartCityDimension dimension:smart-environment ;
    prov:wasDerivedFrom <source/kitakyushu-city-report-2020> ;
    sc:sourceLocation "Table 6, row 1" .
"""

MORE_SOURCES = """
@base <https://w3id.org/sistercity/id/> .
@prefix sc:      <https://w3id.org/sistercity/ontology#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<source/kitakyushu-city-report-2020> a sc:Report ;
    rdfs:label "Kitakyushu city report (test study)"@en ;
    dcterms:title "A report the study cites" .
"""


@pytest.fixture(scope="session")
def study_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A study written by `sistercity new study`, with the scholar's additions."""
    folder = tmp_path_factory.mktemp("study") / SLUG
    result = CliRunner().invoke(main, ["new", "study", str(folder), "--slug", SLUG,
                                       "--title", "Surabaya–Kitakyushu: green-city cooperation",
                                       "--namespace", "https://example.org/green-city#",
                                       "--author", "A. Scholar"])
    assert result.exit_code == 0, result.output
    (folder / "case" / "more.ttl").write_text(MORE_CASE, encoding="utf-8")
    with (folder / "sources.ttl").open("a", encoding="utf-8") as sources:
        sources.write(MORE_SOURCES)
    return folder


@pytest.fixture(scope="session")
def study_store(study_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    """The core (no world list) built with the extra study, once per session."""
    out = tmp_path_factory.mktemp("study-dist")
    built = build(ROOT, out=out, with_world=False, studies=[study_folder])
    assert built.validation.conforms(), built.validation.report(limit=20)
    return load_built(out)


@pytest.fixture(scope="session")
def study_owners(study_store: ox.Store) -> dict[str, set[str]]:
    return typed_in_cases(study_store)


def rows(store: ox.Store, stem: str, **params: str) -> list[dict[str, str]]:
    text = format_result(run(store, question(stem), params=params), OutputFormat.CSV)
    return list(csv.DictReader(io.StringIO(text)))


# The study build leaves the world lists out (it must be fast): questions that read them are
# checked on the full build by test_questions.py.
@pytest.mark.parametrize("stem", [s for s in case_questions() if not question(s).needs_world])
def test_bandung_answers_are_unchanged(study_store: ox.Store, study_owners: dict[str, set[str]],
                                       stem: str) -> None:
    """Every Bandung–Seoul row of every case question is the expected one, with a study beside it."""
    compare_case_rows(study_store, stem, owners=study_owners, with_unowned=False)


def _study_rows(store: ox.Store, owners: dict[str, set[str]], stem: str) -> list[dict[str, str]]:
    found = rows(store, stem)
    header = list(found[0]) if found else []
    return [r for r in found if row_case(stem, header, list(r.values()), owners) == STUDY_GRAPH]


def test_the_studys_outcomes_are_listed_with_or_without_a_dimension(
        study_store: ox.Store, study_owners: dict[str, set[str]]) -> None:
    listed = {r["outcome"]: r["dimensionLabel"] for r in _study_rows(study_store, study_owners, "07-outcomes")}
    assert listed == {EXCHANGE: "", ID + "youth-exchange/surabaya-kitakyushu-2022": "",
                      ID + "youth-exchange/surabaya-kitakyushu-example": "",
                      ID + "outcome/surabaya-waste-bank-programme": "Smart Environment"}
    counts = [(r["dimensionLabel"], r["outcomes"]) for r in _study_rows(
        study_store, study_owners, "06-outcomes-by-dimension")]
    assert counts == [("Smart Environment", "1")]


def test_the_studys_twinning_and_count_are_among_the_claims(study_store: ox.Store,
                                                            study_owners: dict[str, set[str]]) -> None:
    claims = _study_rows(study_store, study_owners, "20-twinning-claims")
    assert [(r["placeA"], r["placeB"], r["verdict"]) for r in claims] == [
        ("Surabaya", "Kitakyushu", "world list not loaded")]
    counts = _study_rows(study_store, study_owners, "21-partner-count-vs-lists")
    assert [(r["placeLabel"], r["statedPartners"], r["curatedPartners"]) for r in counts] == [
        ("Surabaya", "12", "2")]  # Xiamen (the seed article) and Kitakyushu (the study)
    partners = {(r["partnerLabel"], r["source"].rsplit("/", 1)[-1]) for r in rows(
        study_store, "13-sister-cities", city=ID + "city/id/surabaya")}
    assert partners == {("Xiamen", "seed-article"), ("Xiamen", "bramastya-septiarika-2020"),
                        ("Kitakyushu", "surabaya-kitakyushu-example-source")}


def test_the_studys_principles_and_provenance(study_store: ox.Store, study_owners: dict[str, set[str]]) -> None:
    principles = _study_rows(study_store, study_owners, "10-sci-principles")
    assert [(r["number"], r["activity"]) for r in principles] == [("2", EXCHANGE)]
    located = {(r["source"].rsplit("/", 1)[-1], r["location"])
               for r in rows(study_store, "12-provenance", node=EXCHANGE)}
    assert located == {("surabaya-kitakyushu-example-source", "p. 4, paragraph 3"),
                       ("kitakyushu-city-report-2020", "Table 5, row 2")}


def test_the_study_is_checked_like_the_core(study_store: ox.Store) -> None:
    """Nothing of the study is unsourced; the Bandung case's Smart LBEG shape ignored its
    outcomes (the build conformed although a youth exchange sits in a 'Tabel 2' of its own source)."""
    assert "19-unsourced-curated-nodes" in MUST_BE_EMPTY
    assert rows(study_store, "19-unsourced-curated-nodes") == []
    graphs = {g.value for g in study_store.named_graphs()}
    assert {STUDY_GRAPH, BANDUNG_SEOUL} <= graphs
