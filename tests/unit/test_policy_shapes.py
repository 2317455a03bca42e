"""Tests of ontology/shapes/policy.shapes.ttl: policies, policy transfers and assessments.

Each invalid fixture in tests/shapes/invalid/ must produce exactly the listed results (focus node,
source shape, path, severity, constraint component): no more, no fewer.
"""

from __future__ import annotations

import pytest

from tests.unit.shapes_harness import (
    Result,
    undeclared_sparql_prefixes,
    undocumented_shapes,
    validate_fixture,
)

MODULE = "policy"
V, W = "Violation", "Warning"

EXPECTED: dict[str, set[Result]] = {
    "assessment-concept-wrong-scheme": {
        Result("assessment/fixture", "policy#AssessedConceptShape", "sc:assessedConcept", V, "Or"),
    },
    "mediated-by-not-actor": {
        Result("transfer/seoul-bandung-smart-city", "policy#MediatedByShape",
               "sc:mediatedBy", V, "Class"),
    },
    "transfer-mechanism-wrong-scheme": {
        Result("transfer/seoul-bandung-smart-city", "policy#TransferMechanismShape",
               "sc:transferMechanism", V, "Node"),
    },
    "transfer-missing-host": {
        Result("transfer/seoul-bandung-smart-city", "policy#HostPlaceShape",
               "sc:hostPlace", V, "MinCount"),
    },
    "transfer-same-origin-host": {
        Result("transfer/seoul-bandung-smart-city", "policy#OriginPlaceShape",
               "sc:originPlace", V, "Disjoint"),
    },
    "transfer-without-mechanism": {
        Result("transfer/seoul-bandung-smart-city", "policy#PolicyTransferHowShape", None, W, "Or"),
    },
}


def test_valid_fixture_conforms() -> None:
    """tests/shapes/valid/policy.ttl, which uses every term of the module, has no result."""
    assert validate_fixture("valid", MODULE).results == frozenset()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture_reports_exactly(name: str) -> None:
    """The fixture named for a fault produces exactly that fault's results."""
    assert set(validate_fixture("invalid", name).results) == EXPECTED[name]


def test_every_shape_is_documented() -> None:
    """Every shape is named in its module's namespace, with label, English message, severity."""
    assert undocumented_shapes(MODULE) == []
    assert undeclared_sparql_prefixes(MODULE) == []
