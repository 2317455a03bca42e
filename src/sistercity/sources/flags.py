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
}


@dataclass(frozen=True)
class Flag:
    """One finding on one CSV row (1-based data row, header excluded)."""

    row: int
    problem: Problem
    column: str
    value: str
    detail: str
