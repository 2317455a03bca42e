"""Reconciling the Bandung–Seoul case with the world lists (case fixture: tests/data/world/case_minimal.ttl)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from sistercity.sources.mapping import ColumnMapping
from sistercity.core.namespaces import ID, SC
from sistercity.analysis.reconcile import Outcome, reconcile
from sistercity.sources.world import import_twinnings

DATA = Path(__file__).resolve().parents[1] / "data" / "world"


@pytest.fixture(scope="module")
def result():
    case = Graph().parse(DATA / "case_minimal.ttl")
    world = import_twinnings(DATA / "sample.csv", ColumnMapping(), check_coordinates=False).graph
    return reconcile(case, world)


def test_bandung_seoul_absent_from_the_lists(result):
    assert result.twinning_outcome is Outcome.ABSENT_FROM_WORLD_LISTS
    finding = ID["reconciliation/bandung-seoul-twinning"]
    g = result.graph
    assert g.value(finding, SC.reconciles) == ID["twinning/id-bandung--kr-seoul"]
    assert set(g.objects(finding, SC.comparedSource)) == {ID["source/seed-article"], ID["source/world-twin-cities"]}


def test_counts_kept_side_by_side(result):
    g = result.graph
    world_stat = ID["statistic/bandung-sister-cities-world-lists"]
    assert g.value(world_stat, SC.partnerCount) == Literal(3, datatype=XSD.nonNegativeInteger)
    count = ID["reconciliation/bandung-sister-city-count"]
    assert set(g.objects(count, SC.reconciles)) == {ID["statistic/bandung-sister-cities"], world_stat}
    assert result.count_outcome is Outcome.COUNT_DIFFERS
    assert len(set(g.objects(count, SC.candidatePartner))) == 3
    assert "25" in result.markdown and "14" in result.markdown


def test_query_the_claims(result):
    rows = list(result.graph.query(
        "PREFIX sc: <https://w3id.org/sistercity/ontology#> "
        "SELECT ?outcome WHERE { ?f sc:reconciles <https://w3id.org/sistercity/id/twinning/id-bandung--kr-seoul> ;"
        " sc:reconciliationOutcome ?outcome }"))
    assert [str(r[0]) for r in rows] == ["absent-from-world-lists"]


def test_real_case_graph(repo_root):
    case = Graph()
    for path in sorted((repo_root / "data/cases/bandung-seoul").glob("*.ttl")):
        case.parse(path)
    assert (ID["twinning/id-bandung--kr-seoul"], None, None) in case
    world = import_twinnings(DATA / "sample.csv", ColumnMapping(), check_coordinates=False).graph
    found = reconcile(case, world)
    assert found.twinning_outcome is Outcome.ABSENT_FROM_WORLD_LISTS
    assert "| 25 |" in found.markdown and "| 14 |" in found.markdown
