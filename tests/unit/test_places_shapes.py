"""Tests of ontology/shapes/places.shapes.ttl:
places, coordinates, countries, twinnings and twinning statistics.

Each invalid fixture in tests/shapes/invalid/ must produce exactly the listed results (focus node,
source shape, path, severity, constraint component): no more, no fewer.
"""

from __future__ import annotations

from sistercity.core.namespaces import ID

from tests.unit.shapes_harness import (
    Result,
    in_list,
    scheme_concepts,
    module_shape_tests,
    validate_fixture,
)

MODULE = "places"
V, W = "Violation", "Warning"

EXPECTED: dict[str, set[Result]] = {
    "concept-wrong-scheme": {
        Result("twinning/id-bandung--kr-seoul", "places#TwinningStatusShape",
               "sc:twinningStatus", V, "In"),
    },
    "coordinate-not-decimal": {
        Result("city/id/bandung", "places#LongitudeShape", "geo:long", V, "Datatype"),
    },
    "count-active-exceeds-total": {
        Result("statistic/bandung-twinnings", "places#ActivePartnerCountShape",
               "sc:activePartnerCount", V, "LessThanOrEquals"),
    },
    "count-negative": {
        Result("statistic/bandung-twinnings", "places#PartnerCountShape",
               "sc:partnerCount", V, "Datatype"),
    },
    "country-code-invalid": {
        Result("country/id", "places#CountryCodeShape", "sc:countryCode", V, "Pattern"),
    },
    "in-country-not-country": {
        Result("city/id/bandung", "places#InCountryShape", "sc:inCountry", V, "Class"),
    },
    "latitude-out-of-range": {
        Result("city/id/bandung", "places#LatitudeShape", "geo:lat", V, "MaxInclusive"),
    },
    "subdivision-code-invalid": {
        Result("region/id-jb", "places#SubdivisionCodeShape", "sc:subdivisionCode", V, "Pattern"),
    },
    "twinned-with-self": {
        Result("city/id/bandung", "places#TwinnedWithSelfShape", "sc:twinnedWith", V, "SPARQL"),
    },
    "twinning-one-partner": {
        Result("twinning/id-bandung--kr-seoul", "places#TwinningPartnerCountShape",
               "sc:partner", V, "MinCount"),
    },
    "twinning-partner-is-actor": {
        Result("twinning/id-bandung--kr-seoul", "places#PartnerShape", "sc:partner", V, "Class"),
    },
    "twinning-self": {
        Result("twinning/id-bandung--id-bandung", "places#TwinningPartnerCountShape",
               "sc:partner", V, "MinCount"),
    },
    "twinning-three-partners": {
        Result("twinning/id-bandung--kr-seoul", "places#TwinningPartnerCountShape",
               "sc:partner", V, "MaxCount"),
    },
}


(test_valid_fixture_conforms, test_invalid_fixture_reports_exactly,
 test_every_shape_is_documented) = module_shape_tests(MODULE, EXPECTED)


def test_self_twinning_message_says_a_place_cannot_twin_with_itself() -> None:
    """A self-twinning has one distinct partner; the message must name the real fault."""
    outcome = validate_fixture("invalid", "twinning-self")
    assert any("cannot be twinned with itself" in m
               for m in outcome.messages("places#TwinningPartnerCountShape"))


def test_twinned_with_self_reports_the_place_as_value() -> None:
    """The SPARQL constraint binds the offending place, and its message says what to do."""
    outcome = validate_fixture("invalid", "twinned-with-self")
    assert outcome.values("places#TwinnedWithSelfShape") == {ID["city/id/bandung"]}
    assert any("cannot be twinned with itself" in m
               for m in outcome.messages("places#TwinnedWithSelfShape"))


def test_twinning_status_list_is_the_agreement_status_scheme() -> None:
    """The sh:in list of sc:twinningStatus is exactly the concepts of agreement-status.ttl."""
    listed = in_list("places#TwinningStatusShape")
    assert len(listed) == len(set(listed))
    assert set(listed) == scheme_concepts("agreement-status")
    assert len(listed) == 4
