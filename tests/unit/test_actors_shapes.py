"""Tests of ontology/shapes/actors.shapes.ttl: actors, governments, persons and memberships.

Each invalid fixture in tests/shapes/invalid/ must produce exactly the listed results (focus node,
source shape, path, severity, constraint component): no more, no fewer.
"""

from __future__ import annotations


from tests.unit.shapes_harness import (
    Result,
    module_shape_tests,
)

MODULE = "actors"
V, W = "Violation", "Warning"

EXPECTED: dict[str, set[Result]] = {
    "actor-is-place": {
        Result("city/id/bandung", "actors#ActorShape", None, V, "Not"),
    },
    "governs-not-place": {
        Result("org/bandung-city-government", "actors#GovernsShape", "sc:governs", V, "Class"),
    },
    "governs-subject-not-government": {
        Result("org/itb", "actors#GovernsSubjectShape", None, V, "Class"),
    },
    "membership-without-member": {
        Result("membership/mayor-of-bandung", "actors#MembershipMemberShape",
               "sc:member", V, "MinCount"),
    },
    "person-is-organisation": {
        Result("person/ridwan-kamil", "actors#PersonShape", None, V, "Not"),
    },
    "role-wrong-scheme": {
        Result("membership/ridwan-kamil-mayor-of-bandung", "actors#RoleShape",
               "sc:role", V, "Node"),
    },
}


(test_valid_fixture_conforms, test_invalid_fixture_reports_exactly,
 test_every_shape_is_documented) = module_shape_tests(MODULE, EXPECTED)
