"""Tests of ontology/shapes/agreements.shapes.ttl: agreements, their parties and monetary amounts.

Each invalid fixture in tests/shapes/invalid/ must produce exactly the listed results (focus node,
source shape, path, severity, constraint component): no more, no fewer.
"""

from __future__ import annotations

import pycountry


from tests.unit.shapes_harness import (
    Result,
    in_list,
    module_shape_tests,
    validate_fixture,
)

MODULE = "agreements"
V, W = "Violation", "Warning"

EXPECTED: dict[str, set[Result]] = {
    "agreement-no-party": {
        Result("agreement/bandung-seoul-mou", "agreements#AgreementPartyRequiredShape",
               "sc:party", V, "MinCount"),
        Result("agreement/bandung-seoul-mou", "agreements#AgreementTwoPartiesShape",
               "sc:party", W, "MinCount"),
    },
    "agreement-one-party": {
        Result("agreement/bandung-seoul-mou", "agreements#AgreementTwoPartiesShape",
               "sc:party", W, "MinCount"),
    },
    "agreement-party-is-place": {
        Result("agreement/bandung-seoul-mou", "agreements#PartyShape", "sc:party", V, "Class"),
    },
    "agreement-status-not-concept": {
        Result("agreement/bandung-seoul-mou", "agreements#AgreementStatusShape",
               "sc:agreementStatus", V, "Node"),
    },
    "amount-negative": {
        Result("amount/fixture-amount", "agreements#AmountValueShape",
               "schema:value", V, "MinExclusive"),
    },
    "amount-not-decimal": {
        Result("amount/fixture-amount", "agreements#AmountValueShape",
               "schema:value", V, "Datatype"),
    },
    "currency-missing": {
        Result("amount/fixture-amount", "agreements#CurrencyStatedShape", None, V, "Or"),
    },
    "currency-not-iso4217": {
        Result("amount/fixture-amount", "agreements#CurrencyShape", "schema:currency", V, "In"),
    },
}


(test_valid_fixture_conforms, test_invalid_fixture_reports_exactly,
 test_every_shape_is_documented) = module_shape_tests(MODULE, EXPECTED)


def test_currency_list_is_pycountry_iso4217() -> None:
    """schema:currency's sh:in list equals the alphabetic codes of pycountry.currencies."""
    listed = [str(code) for code in in_list("agreements#CurrencyShape")]
    assert listed == sorted(c.alpha_3 for c in pycountry.currencies)
    assert {"IDR", "KRW", "USD"} <= set(listed)


def test_missing_currency_message_asks_for_currency_or_reason() -> None:
    """The message tells the curator both ways to fix an amount without currency."""
    outcome = validate_fixture("invalid", "currency-missing")
    assert any("state the currency or record why the source leaves it unclear" in m
               for m in outcome.messages("agreements#CurrencyStatedShape"))
