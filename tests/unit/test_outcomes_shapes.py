"""Tests of ontology/shapes/outcomes.shapes.ttl:
outcomes, plans, challenges, targets and implementation stages.

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

MODULE = "outcomes"
V, W = "Violation", "Warning"

EXPECTED: dict[str, set[Result]] = {
    "dimension-wrong-scheme": {
        Result("outcome/bandung-command-center", "outcomes#SmartCityDimensionShape",
               "sc:smartCityDimension", V, "Node"),
    },
    "investor-not-actor": {
        Result("outcome/fixture-investment", "outcomes#InvestorShape", "sc:investor", V, "Class"),
    },
    "outcome-without-dimension": {
        Result("outcome/bandung-command-center", "outcomes#OutcomeDimensionRequiredShape",
               "sc:smartCityDimension", W, "MinCount"),
    },
    "principle-wrong-scheme": {
        Result("outcome/bandung-command-center", "outcomes#ExemplifiesPrincipleShape",
               "sc:exemplifiesPrinciple", V, "Node"),
    },
}


def test_valid_fixture_conforms() -> None:
    """tests/shapes/valid/outcomes.ttl, which uses every term of the module, has no result."""
    assert validate_fixture("valid", MODULE).results == frozenset()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture_reports_exactly(name: str) -> None:
    """The fixture named for a fault produces exactly that fault's results."""
    assert set(validate_fixture("invalid", name).results) == EXPECTED[name]


def test_every_shape_is_documented() -> None:
    """Every shape is named in its module's namespace, with label, English message, severity."""
    assert undocumented_shapes(MODULE) == []
    assert undeclared_sparql_prefixes(MODULE) == []
