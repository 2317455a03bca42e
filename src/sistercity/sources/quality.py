"""The quality report of a twinning import: place checks against the gazetteer, and the report."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pycountry

from sistercity.sources.flags import Flag, Problem
from sistercity.sources.geocode import Geocoder
from sistercity.sources.identity import slugify
from sistercity.sources.twinnings import ImportResult, Place

# A point whose nearest GeoNames place lies in another country, but within this distance of a
# place of the named country, is a border town, not a wrong coordinate.
BORDER_KM = 25.0

# Subdivision types that are cities in their own right (Tokyo-to is a "Prefecture" but is
# caught by the nearest-place test instead).
_CITY_TYPES = ("city", "municipality", "capital", "metropolitan", "district", "special",
               "autonomous city", "town")



@dataclass(frozen=True)
class QualityReport:
    """All findings of an import, with the counts that the report's summary shows."""

    source: str
    rows_read: int
    places: int
    twinnings: int
    flags: tuple[Flag, ...]
    country_names: tuple[tuple[str, str, str, int], ...]  # name, iso2, how mapped, rows
    rows_by_source: tuple[tuple[str, int], ...] = ()

    def counts(self) -> dict[Problem, int]:
        """Number of flags per problem class (every class listed, zeros included)."""
        seen = Counter(flag.problem for flag in self.flags)
        return {problem: seen.get(problem, 0) for problem in Problem}

    def of(self, problem: Problem, source: str | None = None) -> tuple[Flag, ...]:
        """The flags of one problem class (of one source, if given), in row order."""
        return tuple(f for f in self.flags
                     if f.problem is problem and (source is None or f.source == source))

    def to_csv(self) -> str:
        """The flagged rows as CSV: source, row, problem, action, column, value, detail."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["source", "row", "problem", "action", "column", "value", "detail"])
        for f in self.flags:
            writer.writerow([f.source, f.row, f.problem.value, f.problem.action, f.column, f.value, f.detail])
        return out.getvalue()

    def to_markdown(self, *, examples: int = 15) -> str:
        """A readable report: summary table, then each problem class with its rows."""
        lines = [f"# Data quality: {self.source}", "",
                 f"- rows read: {self.rows_read}"
                 + ("".join(f"\n  - {slug}: {n}" for slug, n in self.rows_by_source)
                    if len(self.rows_by_source) > 1 else ""),
                 f"- places: {self.places}",
                 f"- twinnings (after merging duplicates and sources): {self.twinnings}",
                 f"- flags: {len(self.flags)} (every flag with its source and row in `world-quality.csv`)", "",
                 "| problem | rows | what the import did |", "|---|---:|---|"]
        lines += [f"| {p.value} | {n} | {p.action} |" for p, n in self.counts().items()]
        for problem, n in self.counts().items():
            if not n:
                continue
            lines += ["", f"## {problem.value} ({n})", "", "| source | row | column | value | detail |",
                      "|---|---:|---|---|---|"]
            shown = self.of(problem)[:examples]
            lines += [f"| {f.source} | {f.row} | {f.column} | {_md(f.value)} | {_md(f.detail)} |"
                      for f in shown]
            if n > examples:
                lines.append(f"\n… and {n - examples} more in `world-quality.csv`.")
        mapped = [c for c in self.country_names if c[2] != "pycountry"]
        lines += ["", f"## Country names not mapped by pycountry alone ({len(mapped)})", "",
                  "| name in the list | ISO 3166-1 | how | rows |", "|---|---|---|---:|"]
        lines += [f"| {_md(n or '(empty)')} | {iso} | {_md(how)} | {rows} |"
                  for n, iso, how, rows in mapped]
        return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def coordinate_flags(places: Sequence[Place], geocoder: Geocoder, *,
                     border_km: float = BORDER_KM) -> list[Flag]:
    """Flag places whose coordinates fall outside their named country (beyond ``border_km``)."""
    located = [p for p in places if p.point is not None and not p.is_country]
    nearest = geocoder.nearest([p.point for p in located])  # type: ignore[misc]
    flags = []
    for place, near in zip(located, nearest):
        if near.country == place.iso2:
            continue
        assert place.point is not None
        km = geocoder.km_to_country(place.point, place.iso2)
        if km is not None and km <= border_km:
            continue
        distance = f"{km:.0f} km from the nearest place in {place.iso2}" if km is not None \
            else f"no GeoNames place in {place.iso2} to measure from"
        flags.append(Flag(place.first_row, Problem.COORDINATES_OUTSIDE_COUNTRY, place.column,
                          place.name, f"({place.point[0]}, {place.point[1]}) lies in {near.country} "
                          f"near {near.name}; {distance}", place.source))
    return flags


def subdivision_names(iso2: str) -> dict[str, str]:
    """Slug of each first-level, non-city subdivision name of a country → its ISO 3166-2 code."""
    names: dict[str, str] = {}
    for sub in pycountry.subdivisions.get(country_code=iso2) or ():
        if getattr(sub, "parent_code", None) or any(t in sub.type.lower() for t in _CITY_TYPES):
            continue
        names[slugify(sub.name)] = sub.code
    return names


def region_flags(places: Sequence[Place], geocoder: Geocoder | None) -> list[Flag]:
    """Flag "cities" whose name is a first-level subdivision of their country (Calabria).

    A city that shares its name with its region (Nara, Berlin, Zurich) is not flagged when
    GeoNames has a populated place of that name within 15 km of its coordinates: a region's
    coordinates are its centroid, far from any town of its name.
    """
    cache: dict[str, dict[str, str]] = {}
    flags = []
    for place in places:
        if place.is_country:
            continue
        if place.iso2 not in cache:
            cache[place.iso2] = subdivision_names(place.iso2)
        code = cache[place.iso2].get(slugify(place.name))
        if not code:
            continue
        if geocoder is not None and place.point is not None \
                and geocoder.has_place_named(place.point, place.name):
            continue
        sub = pycountry.subdivisions.get(code=code)
        flags.append(Flag(place.first_row, Problem.REGION_AS_CITY, place.column, place.name,
                          f"equals the name of ISO 3166-2 subdivision {code} ({sub.type}), "
                          "and no town of that name lies within 15 km of its coordinates", place.source))
    return flags


def build_report(result: ImportResult, extra: Iterable[Flag], *, source: str) -> QualityReport:
    """Combine the importer's flags with the place checks into one report, by source and row."""
    order = {slug: i for i, slug in enumerate(result.sources)}
    flags = sorted((*result.flags, *extra),
                   key=lambda f: (order.get(f.source, len(order)), f.row, f.problem.value, f.column))
    return QualityReport(source, result.rows_read, len(result.places), len(result.twinnings),
                         tuple(flags), result.country_names, result.rows_by_source)
