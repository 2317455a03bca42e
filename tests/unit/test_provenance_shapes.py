"""Tests of ontology/shapes/provenance.shapes.ttl:
labels, provenance, sources and dates of every curated node.

Each invalid fixture in tests/shapes/invalid/ must produce exactly the listed results (focus node,
source shape, path, severity, constraint component): no more, no fewer.
"""

from __future__ import annotations

import pytest
import rdflib.namespace as ns
from rdflib import Graph, Literal
from rdflib.namespace import PROV

from sistercity.core.namespaces import ID, SCHEMA

from tests.unit.shapes_harness import (
    FIXTURES,
    Result,
    module_shape_tests,
    validate_fixture,
    validate_graph,
)

MODULE = "provenance"
V, W = "Violation", "Warning"
# A node's locator: its own, its CSV row, or that of a qualified derivation (several sources).
LOCATION_PATHS = "sc:sourceLocation|sc:sourceRow|prov:qualifiedDerivation|^sc:claimAbout"

EXPECTED: dict[str, set[Result]] = {
    "date-gyear-malformed": {
        Result("project/ksp-bandung-bus-system-reform", "provenance#StartDateShape",
               "schema:startDate", V, "Pattern"),
    },
    "date-invalid": {
        Result("project/ksp-bandung-bus-system-reform", "provenance#StartDateShape",
               "schema:startDate", V, "Or"),
        Result("project/ksp-bandung-bus-system-reform", "provenance#StartDateShape",
               "schema:startDate", V, "Pattern"),
    },
    "date-start-after-end": {
        Result("project/ksp-bandung-bus-system-reform", "provenance#StartNotAfterEndShape",
               "schema:endDate", V, "SPARQL"),
    },
    "date-wrong-datatype": {
        Result("project/ksp-bandung-bus-system-reform", "provenance#StartDateShape",
               "schema:startDate", V, "Or"),
    },
    "evidence-not-langstring": {
        Result("city/id/bandung", "provenance#EvidenceTextShape", "sc:evidenceText", V, "Datatype"),
    },
    "label-not-english": {
        Result("org/bandung-city-government", "provenance#EnglishLabelShape",
               "rdfs:label", W, "QualifiedMinCount"),
    },
    "missing-label": {
        Result("city/id/bandung", "provenance#EnglishLabelShape",
               "rdfs:label", W, "QualifiedMinCount"),
        Result("city/id/bandung", "provenance#LabelRequiredShape", "rdfs:label", V, "MinCount"),
    },
    "missing-provenance": {
        Result("city/id/bandung", "provenance#DerivedFromShape",
               "prov:wasDerivedFrom", V, "MinCount"),
    },
    "missing-source-location": {
        Result("city/id/bandung", "provenance#SourceLocationShape",
               LOCATION_PATHS, W, "MinCount"),
    },
    "provenance-not-a-source": {
        Result("city/kr/seoul", "provenance#DerivedFromShape", "prov:wasDerivedFrom", V, "Class"),
    },
    "combined-locator": {
        Result("city/id/bandung", "provenance#OneLocatorPerSourceShape", "sc:sourceLocation", W, "SPARQL"),
    },
    "cited-in-not-a-source": {
        Result("derivation/city/id/bandung/aju-2020", "provenance#CitedInShape", "sc:citedIn", V, "Class"),
    },
    "derivation-blank-node": {
        Result("city/id/bandung", "provenance#QualifiedDerivationIriShape",
               "prov:qualifiedDerivation", W, "NodeKind"),
    },
    "derivation-not-unqualified": {
        Result("city/id/bandung", "provenance#DerivationAlsoUnqualifiedShape",
               "prov:qualifiedDerivation", V, "SPARQL"),
    },
    "derivation-without-entity": {
        Result("derivation/city/id/bandung/seed-article", "provenance#DerivationEntityShape",
               "prov:entity", V, "MinCount"),
    },
    "derivation-without-location": {
        Result("derivation/city/id/bandung/seed-article", "provenance#DerivationLocationShape",
               "sc:sourceLocation", W, "MinCount"),
        Result("derivation/city/id/bandung/aju-2020", "provenance#DerivationLocationShape",
               "sc:sourceLocation", W, "MinCount"),
    },
    "source-without-title": {
        Result("source/untitled", "provenance#SourceShape", None, V, "Or"),
    },
}


(test_valid_fixture_conforms, test_invalid_fixture_reports_exactly,
 test_every_shape_is_documented) = module_shape_tests(MODULE, EXPECTED)


def test_start_after_end_names_both_dates() -> None:
    """The SPARQL message shows the start and the end it is compared with."""
    outcome = validate_fixture("invalid", "date-start-after-end")
    assert outcome.values("provenance#StartNotAfterEndShape") == {
        Literal("2017", datatype=ns.XSD.gYear)}
    messages = outcome.messages("provenance#StartNotAfterEndShape")
    assert any("2018-03-25 is after schema:endDate 2017" in m for m in messages)


def _date(lexical: str) -> Literal:
    """A date literal typed by its precision: YYYY, YYYY-MM or YYYY-MM-DD."""
    datatype = {4: ns.XSD.gYear, 7: ns.XSD.gYearMonth, 10: ns.XSD.date}[len(lexical)]
    return Literal(lexical, datatype=datatype)


@pytest.mark.parametrize(("start", "end", "after"), [
    ("2017", "2018-03-25", False),
    ("2018-03-25", "2017", True),
    ("2018-03", "2018", False),
    ("2018", "2018-03", False),
    ("2018-04", "2018-03-31", True),
    ("2018-03-25", "2018-03-24", True),
    ("2018-03-25", "2018-03-25", False),
])
def test_start_after_end_compares_mixed_precision(start: str, end: str, after: bool) -> None:
    """A start is flagged only when it is after every day the end could mean."""
    fixture = Graph().parse(FIXTURES / "valid" / "provenance.ttl", format="turtle")
    node = ID["project/fixture-dates-3"]
    fixture.set((node, SCHEMA.startDate, _date(start)))
    fixture.set((node, SCHEMA.endDate, _date(end)))
    flagged = {r for r in validate_graph(fixture).results
               if r.shape == "provenance#StartNotAfterEndShape"}
    assert bool(flagged) is after


def test_one_locator_per_source_names_each_unlocated_source() -> None:
    """The warning says which source lacks its own locator (one result per source)."""
    outcome = validate_fixture("invalid", "combined-locator")
    assert outcome.values("provenance#OneLocatorPerSourceShape") == {
        ID["source/seed-article"], ID["source/aju-2020"]}


def test_the_simple_form_stays_valid_for_one_source() -> None:
    """One source: prov:wasDerivedFrom with the node's own sc:sourceLocation, no qualification."""
    fixture = Graph().parse(FIXTURES / "valid" / "provenance.ttl", format="turtle")
    node = ID["project/fixture-dates-1"]
    assert len(list(fixture.objects(node, PROV.wasDerivedFrom))) == 1
    assert (node, PROV.qualifiedDerivation, None) not in fixture
    assert validate_graph(fixture).results == frozenset()


def test_a_second_source_makes_the_node_locator_ambiguous() -> None:
    """Adding a second source to a simple-form node is flagged until each source has its locator."""
    fixture = Graph().parse(FIXTURES / "valid" / "provenance.ttl", format="turtle")
    node = ID["project/fixture-dates-1"]
    fixture.add((node, PROV.wasDerivedFrom, ID["source/seed-article"]))
    flagged = {r.focus for r in validate_graph(fixture).results
               if r.shape == "provenance#OneLocatorPerSourceShape"}
    assert flagged == {"project/fixture-dates-1"}
