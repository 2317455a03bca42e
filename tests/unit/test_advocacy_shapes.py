"""Tests of ontology/shapes/advocacy.shapes.ttl: advocacy programmes, projects, events and awards.

Each invalid fixture in tests/shapes/invalid/ must produce exactly the listed results (focus node,
source shape, path, severity, constraint component): no more, no fewer.
"""

from __future__ import annotations


from tests.unit.shapes_harness import (
    Result,
    module_shape_tests,
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


(test_valid_fixture_conforms, test_invalid_fixture_reports_exactly,
 test_every_shape_is_documented) = module_shape_tests(MODULE, EXPECTED)
