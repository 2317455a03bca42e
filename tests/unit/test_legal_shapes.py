"""Tests of ontology/shapes/legal.shapes.ttl:
legal instruments, provisions and the actors they authorise.

Each invalid fixture in tests/shapes/invalid/ must produce exactly the listed results (focus node,
source shape, path, severity, constraint component): no more, no fewer.
"""

from __future__ import annotations


from tests.unit.shapes_harness import (
    Result,
    module_shape_tests,
)

MODULE = "legal"
V, W = "Violation", "Warning"

EXPECTED: dict[str, set[Result]] = {
    "authorised-by-not-law": {
        Result("org/bandung-city-government", "legal#AuthorisedByShape",
               "sc:authorisedBy", V, "Or"),
    },
    "instrument-two-numbers": {
        Result("law/uu-23-2014", "legal#InstrumentNumberShape",
               "sc:instrumentNumber", V, "MaxCount"),
    },
    "provision-without-instrument": {
        Result("law/uu-23-2014/pasal-367", "legal#ProvisionOfShape",
               "sc:provisionOf", V, "MinCount"),
    },
}


(test_valid_fixture_conforms, test_invalid_fixture_reports_exactly,
 test_every_shape_is_documented) = module_shape_tests(MODULE, EXPECTED)
