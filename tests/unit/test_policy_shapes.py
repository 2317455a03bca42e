"""Tests of ontology/shapes/policy.shapes.ttl: policies, policy transfers and assessments.

Each invalid fixture in tests/shapes/invalid/ must produce exactly the listed results (focus node,
source shape, path, severity, constraint component): no more, no fewer.
"""

from __future__ import annotations


from tests.unit.shapes_harness import (
    Result,
    module_shape_tests,
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


(test_valid_fixture_conforms, test_invalid_fixture_reports_exactly,
 test_every_shape_is_documented) = module_shape_tests(MODULE, EXPECTED)
