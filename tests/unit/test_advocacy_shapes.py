"""Tests of ontology/shapes/advocacy.shapes.ttl: advocacy programmes, projects, events and awards.

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

MODULE = "advocacy"
V, W = "Violation", "Warning"

EXPECTED: dict[str, set[Result]] = {
    "advocacy-event-date-unstated": {
        Result("event/ksp-bandung-phase-1", "advocacy#AdvocacyEventDateShape", None, W, "Or"),
    },
    "advocacy-event-venue-unstated": {
        Result("event/ksp-bandung-phase-1", "advocacy#AdvocacyEventVenueShape", None, W, "Or"),
    },
    "advocate-not-actor": {
        Result("city/id/bandung", "advocacy#AdvocateShape", None, V, "Class"),
    },
    "modality-wrong-scheme": {
        Result("project/ksp-bandung-bus-system-reform", "advocacy#ModalityShape",
               "sc:modality", V, "Node"),
    },
    "participant-not-actor": {
        Result("event/ksp-bandung-phase-1", "advocacy#ParticipantShape",
               "sc:participant", V, "Class"),
    },
    "phase-number-not-positive": {
        Result("event/ksp-bandung-phase-1", "advocacy#PhaseNumberShape",
               "sc:phaseNumber", V, "Datatype"),
    },
    "venue-not-place": {
        Result("event/ksp-bandung-phase-1", "advocacy#VenueShape", "sc:venue", V, "Class"),
    },
}


def test_valid_fixture_conforms() -> None:
    """tests/shapes/valid/advocacy.ttl, which uses every term of the module, has no result."""
    assert validate_fixture("valid", MODULE).results == frozenset()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture_reports_exactly(name: str) -> None:
    """The fixture named for a fault produces exactly that fault's results."""
    assert set(validate_fixture("invalid", name).results) == EXPECTED[name]


def test_every_shape_is_documented() -> None:
    """Every shape is named in its module's namespace, with label, English message, severity."""
    assert undocumented_shapes(MODULE) == []
    assert undeclared_sparql_prefixes(MODULE) == []
