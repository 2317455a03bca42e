"""Tests of ontology/shapes/legal.shapes.ttl:
legal instruments, provisions and the actors they authorise.

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


def test_valid_fixture_conforms() -> None:
    """tests/shapes/valid/legal.ttl, which uses every term of the module, has no result."""
    assert validate_fixture("valid", MODULE).results == frozenset()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture_reports_exactly(name: str) -> None:
    """The fixture named for a fault produces exactly that fault's results."""
    assert set(validate_fixture("invalid", name).results) == EXPECTED[name]


def test_every_shape_is_documented() -> None:
    """Every shape is named in its module's namespace, with label, English message, severity."""
    assert undocumented_shapes(MODULE) == []
    assert undeclared_sparql_prefixes(MODULE) == []
