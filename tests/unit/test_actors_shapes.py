"""Tests of ontology/shapes/actors.shapes.ttl: actors, governments, persons and memberships.

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


def test_valid_fixture_conforms() -> None:
    """tests/shapes/valid/actors.ttl, which uses every term of the module, has no result."""
    assert validate_fixture("valid", MODULE).results == frozenset()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture_reports_exactly(name: str) -> None:
    """The fixture named for a fault produces exactly that fault's results."""
    assert set(validate_fixture("invalid", name).results) == EXPECTED[name]


def test_every_shape_is_documented() -> None:
    """Every shape is named in its module's namespace, with label, English message, severity."""
    assert undocumented_shapes(MODULE) == []
    assert undeclared_sparql_prefixes(MODULE) == []
