"""Tests of ontology/shapes/vocab.shapes.ttl: the SKOS concept schemes.

Each invalid fixture in tests/shapes/invalid/ must produce exactly the listed results (focus node,
source shape, path, severity, constraint component): no more, no fewer.
"""

from __future__ import annotations

import importlib

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from sistercity.core.namespaces import BASE

from tests.unit.shapes_harness import (
    MODULES,
    Result,
    SHAPES_BASE,
    fixture_names,
    scheme_concepts,
    shapes_graph,
    module_shape_tests,
    validate_graph,
)

MODULE = "vocab"
V, W = "Violation", "Warning"
SCHEMES = ("transfer-mechanism", "diffusion-type", "smart-city-dimension", "advocacy-modality",
           "ksp-process-stage", "venue-role", "sci-principle", "agreement-status",
           "assessment-result", "policy-area", "actor-role")

EXPECTED: dict[str, set[Result]] = {
    "concept-two-preflabels": {
        Result("vocab/fixture-scheme/fixture-concept", "vocab#ConceptPrefLabelShape",
               "skos:prefLabel", V, "UniqueLang"),
    },
    "concept-without-definition": {
        Result("vocab/fixture-scheme/fixture-concept", "vocab#ConceptDefinitionShape",
               "skos:definition", W, "MinCount"),
    },
    "concept-without-scheme": {
        Result("vocab/fixture-scheme/fixture-concept", "vocab#ConceptInSchemeShape",
               "skos:inScheme", V, "MinCount"),
    },
    "scheme-without-name": {
        Result("vocab/fixture-scheme", "vocab#ConceptSchemeShape", None, V, "Or"),
    },
}


(test_valid_fixture_conforms, test_invalid_fixture_reports_exactly,
 test_every_shape_is_documented) = module_shape_tests(MODULE, EXPECTED)


def test_ontology_and_vocabularies_conform() -> None:
    """The real ontology and concept schemes, validated alone, satisfy every shape."""
    assert validate_graph(Graph()).results == frozenset()


def test_every_scheme_of_the_contract_has_a_concept_shape() -> None:
    """Each scheme of docs/modelling.md has its node shape, pinned to the right scheme IRI."""
    graph = shapes_graph()
    for scheme in SCHEMES:
        name = "".join(part.capitalize() for part in scheme.split("-")) + "Concept"
        prop = graph.value(URIRef(f"{SHAPES_BASE}vocab#{name}"), SH.property)
        assert graph.value(prop, SH.hasValue) == URIRef(f"{BASE}vocab/{scheme}"), scheme
        assert scheme_concepts(scheme), f"ontology/vocab/{scheme}.ttl has no concepts"


def test_every_invalid_fixture_is_expected_by_one_module() -> None:
    """Each file in tests/shapes/invalid/ belongs to exactly one test module's expectations."""
    owners: dict[str, list[str]] = {}
    for module in MODULES:
        table = EXPECTED if module == MODULE else importlib.import_module(
            f"tests.unit.test_{module}_shapes").EXPECTED
        for name in table:
            owners.setdefault(name, []).append(module)
    assert {n: m for n, m in owners.items() if len(m) != 1} == {}
    assert sorted(owners) == fixture_names("invalid")
