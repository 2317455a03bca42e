"""Country names → ISO 3166-1 alpha-2 codes: pycountry first, then an explicit override table.

pycountry was chosen over country_converter after measuring both on the world list's 238
country names (see ``bench/bench_world.py``): pycountry resolves them in milliseconds, while
country_converter needs pandas and about half a second, and still leaves names unmapped or
ambiguous ("Scotland", "Réunion, France"). Every name pycountry cannot map is listed in
``country_overrides.csv`` beside this module, with the reason; nothing is mapped by guessing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycountry

from sistercity.core.errors import ImportProblem
from sistercity.sources.identity import slugify

OVERRIDES_FILE = "country_overrides.csv"

# Codes outside ISO 3166-1 that the override table may use, with the label pycountry lacks.
USER_ASSIGNED = {"XK": "Kosovo"}


class CountryMethod(str, Enum):
    """How a country name was mapped to its code."""

    ISO = "pycountry"
    TABLE = "override table"
    SUFFIX = "last comma part"
    COORDINATES = "coordinates"


@dataclass(frozen=True)
class CountryOverride:
    """One row of the override table: a name pycountry cannot map, its code, and why."""

    name: str
    iso2: str
    reason: str


@dataclass(frozen=True)
class CountryMatch:
    """A country name mapped to its ISO 3166-1 alpha-2 code."""

    name: str
    iso2: str
    method: CountryMethod
    reason: str = ""


@dataclass(frozen=True, eq=False)  # identity hash, so lookups can be memoised per resolver
class CountryResolver:
    """Maps country names to ISO codes: the override table first, then pycountry's exact lookup."""

    overrides: dict[str, CountryOverride]

    def resolve(self, name: str) -> CountryMatch | None:
        """Return the code for ``name``, or None when neither the table nor pycountry knows it."""
        return self._resolve(name)

    @lru_cache(maxsize=4096)  # noqa: B019 - the resolver is frozen and lives as long as its users
    def _resolve(self, name: str) -> CountryMatch | None:
        """Resolve one name (see ``resolve``).

        A name such as "Bavaria, Germany" that is in neither resolves through its last comma
        part, so lists that qualify a country with a region still import.

        >>> resolver = load_resolver()
        >>> resolver.resolve("Albania").iso2, resolver.resolve("Kosovo").iso2
        ('AL', 'XK')
        """
        text = " ".join(name.split())
        if not text:
            return None
        row = self.overrides.get(text.casefold())
        if row is not None:
            return CountryMatch(text, row.iso2, CountryMethod.TABLE, row.reason)
        code = iso_lookup(text)
        if code is not None:
            return CountryMatch(text, code, CountryMethod.ISO)
        if "," in text:
            inner = self.resolve(text.rsplit(",", 1)[1])
            if inner is not None:
                return CountryMatch(text, inner.iso2, CountryMethod.SUFFIX,
                                    f"country taken from the last part of {text!r}")
        return None


def iso_lookup(name: str) -> str | None:
    """Return pycountry's alpha-2 code for an exact name, official name or code, else None."""
    try:
        return str(pycountry.countries.lookup(name).alpha_2)
    except LookupError:
        return None


@lru_cache(maxsize=512)
def subdivision_slugs(iso2: str) -> dict[str, str]:
    """Slug of every ISO 3166-2 subdivision name of a country → its code ("connecticut" → "US-CT")."""
    return {slugify(sub.name): str(sub.code)
            for sub in pycountry.subdivisions.get(country_code=iso2) or ()}


def country_label(iso2: str) -> str:
    """Return the English short name of a country code (the common name where ISO has one)."""
    if iso2 in USER_ASSIGNED:
        return USER_ASSIGNED[iso2]
    country = pycountry.countries.get(alpha_2=iso2)
    if country is None:
        raise ImportProblem(f"country code {iso2!r} is neither in ISO 3166-1 nor user-assigned "
                            f"({', '.join(USER_ASSIGNED)}); fix {OVERRIDES_FILE}")
    return str(getattr(country, "common_name", None) or country.name)


def read_overrides(text: str, *, where: str = OVERRIDES_FILE) -> dict[str, CountryOverride]:
    """Parse the override table (columns name, iso2, reason); keys are case-folded names.

    Raises:
        ImportProblem: a row lacks a reason or names a code that is not ISO 3166-1 or user-assigned.
    """
    table: dict[str, CountryOverride] = {}
    reader = csv.DictReader(text.splitlines())
    if reader.fieldnames != ["name", "iso2", "reason"]:
        raise ImportProblem(f"{where}: header must be name,iso2,reason, found {reader.fieldnames}")
    for line, row in enumerate(reader, start=2):
        iso2 = row["iso2"].strip().upper()
        if not row["reason"].strip():
            raise ImportProblem(f"{where}:{line}: {row['name']!r} has no reason; say why it maps to {iso2}")
        if iso2 not in USER_ASSIGNED and pycountry.countries.get(alpha_2=iso2) is None:
            raise ImportProblem(f"{where}:{line}: {iso2!r} is not an ISO 3166-1 alpha-2 code")
        name = " ".join(row["name"].split())
        table[name.casefold()] = CountryOverride(name, iso2, row["reason"].strip())
    return table


def load_resolver(extra: Path | None = None) -> CountryResolver:
    """Build a resolver from the packaged override table, plus an optional project table."""
    packaged = resources.files(__package__).joinpath(OVERRIDES_FILE).read_text(encoding="utf-8")
    table = read_overrides(packaged)
    if extra is not None:
        table.update(read_overrides(extra.read_text(encoding="utf-8"), where=str(extra)))
    return CountryResolver(table)
