"""Tests of ontology/shapes/outcomes.shapes.ttl:
outcomes, plans, challenges, targets and implementation stages.

Each invalid fixture in tests/shapes/invalid/ must produce exactly the listed results (focus node,
source shape, path, severity, constraint component): no more, no fewer.
"""

from __future__ import annotations


from tests.unit.shapes_harness import (
    Result,
    module_shape_tests,
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
    "principle-wrong-scheme": {
        Result("outcome/bandung-command-center", "outcomes#ExemplifiesPrincipleShape",
               "sc:exemplifiesPrinciple", V, "Node"),
    },
}


(test_valid_fixture_conforms, test_invalid_fixture_reports_exactly,
 test_every_shape_is_documented) = module_shape_tests(MODULE, EXPECTED)


def test_an_outcome_needs_no_dimension_in_the_core() -> None:
    """Smart LBEG is the Bandung article's frame (the case's own shapes), not the core's: an
    outcome of any other study conforms without sc:smartCityDimension."""
    assert validate_fixture("valid", "outcome-without-dimension").results == frozenset()
