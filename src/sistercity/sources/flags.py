"""Data-quality findings of an import: the classes of problem, and one flag per finding on a row."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Problem(str, Enum):
    """A class of data-quality problem; the value is what reports and CSV files show."""

    SELF_TWINNING = "self-twinning"
    DUPLICATE_PAIR = "duplicate-pair"
    COORDINATES_OUTSIDE_COUNTRY = "coordinates-outside-country"
    REGION_AS_CITY = "region-as-city"
    UNMAPPED_COUNTRY = "unmapped-country"
    UNRESOLVED_PARTNER = "unresolved-partner"
    MISSING_CITY = "missing-city"
    BAD_COORDINATE = "bad-coordinate"
    COUNTRY_FROM_NAME = "country-from-name"
    HOMONYM_SPLIT = "homonym-split"
    BAD_DATE = "bad-date"
    UNKNOWN_STATUS = "unknown-status"
    UNKNOWN_KIND = "unknown-kind"
    BAD_POPULATION = "bad-population"
    COUNTRY_FROM_COORDINATES = "country-from-coordinates"
    PARTNER_FROM_GAZETTEER = "partner-from-gazetteer"
    SUBDIVISION_IN_NAME = "subdivision-in-name"
    UNCERTAIN_MERGE = "uncertain-merge"

    @property
    def action(self) -> str:
        """What the import did with the row (rejected, merged, recovered or kept)."""
        return _ACTIONS[self]


_ACTIONS = {
    Problem.SELF_TWINNING: "rejected: a twinning needs two distinct places; review the source",
    Problem.DUPLICATE_PAIR: "merged into the first row's twinning (every row kept as sc:sourceRow)",
    Problem.COORDINATES_OUTSIDE_COUNTRY: "kept; coordinates to be reviewed",
    Problem.REGION_AS_CITY: "kept as sc:City; name is a first-level subdivision, to be reviewed",
    Problem.UNMAPPED_COUNTRY: "rejected; add the name to the country override table",
    Problem.UNRESOLVED_PARTNER: "rejected; the partner has no country and its name is ambiguous or unknown",
    Problem.MISSING_CITY: "rejected; the row names no city",
    Problem.BAD_COORDINATE: "kept without coordinates",
    Problem.COUNTRY_FROM_NAME: "recovered: country taken from the city column",
    Problem.HOMONYM_SPLIT: "kept as a separate place with a suffixed IRI",
    Problem.BAD_DATE: "kept without a start date",
    Problem.UNKNOWN_STATUS: "kept without a status",
    Problem.UNKNOWN_KIND: "kept without a kind of tie; map the code in the mapping's [kinds] table",
    Problem.BAD_POPULATION: "kept without a population figure",
    Problem.COUNTRY_FROM_COORDINATES: "recovered: the country named is not a present-day country (or none is named); "
                                      "taken from the coordinates",
    Problem.PARTNER_FROM_GAZETTEER: "recovered: country of a partner without one, from the places of all "
                                    "sources and the GeoNames gazetteer",
    Problem.SUBDIVISION_IN_NAME: "recovered: the subdivision in the name is dropped from it and kept as its "
                                 "alternative label",
    Problem.UNCERTAIN_MERGE: "merged into one place across sources; review the names and the distance",
}


@dataclass(frozen=True)
class Flag:
    """One finding on one row of one source (1-based data row, header excluded)."""

    row: int
    problem: Problem
    column: str
    value: str
    detail: str
    source: str = ""  # slug of the source whose row it is (id/source/{slug})
