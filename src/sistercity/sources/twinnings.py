"""Twinning tables → places and twinnings: read the CSV, normalise countries, resolve identity.

Reading (``read_table``) fails before anything is written when the file is not a CSV table
or lacks a mapped column. Normalising (``normalise``) never stops on a bad row: each problem
becomes a ``quality.Flag`` with the row number, and the other rows import.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import URIRef

from sistercity.core.errors import ImportProblem
from sistercity.sources.flags import Flag, Problem
from sistercity.sources.countries import CountryMatch, CountryResolver
from .identity import (Point, Spot, canonical_name, city_iri, cluster_spots, country_iri, homonym_slugs,
                       slugify, twinning_iri)
from sistercity.sources.mapping import ColumnMapping

STATUSES = ("active", "inactive", "proposed", "unclear")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class RawSide:
    """One side of a row as the file gives it (None: the column is absent or empty)."""

    name: str
    country: str | None
    lat: str | None
    lng: str | None


@dataclass(frozen=True)
class RawRow:
    """One data row; ``number`` is 1-based with the header excluded."""

    number: int
    sides: tuple[RawSide, RawSide]
    start: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class Table:
    """The rows of a twinning file, read with a column mapping."""

    path: Path
    mapping: ColumnMapping
    rows: tuple[RawRow, ...]


@dataclass(frozen=True)
class Place:
    """A place after normalisation: one IRI per name + country (+ coordinates for homonyms)."""

    iri: URIRef
    key: str  # "{iso2 lower}-{slug}", the part of twinning IRIs that names this place
    name: str
    iso2: str
    point: Point | None
    first_row: int
    column: str  # the column that named it on its first row ("city1" or "city2")
    is_country: bool = False  # a territory named as a partner ("Falkland Islands")


@dataclass(frozen=True)
class Twinning:
    """A twinning of two distinct places, with every row that lists it."""

    iri: URIRef
    partners: tuple[URIRef, URIRef]
    label: str
    rows: tuple[int, ...]
    start: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class ImportResult:
    """Everything the import found: places, twinnings, flags and how country names mapped."""

    rows_read: int
    places: tuple[Place, ...]
    twinnings: tuple[Twinning, ...]
    flags: tuple[Flag, ...]
    countries: tuple[str, ...]  # ISO codes of the places' countries, sorted
    country_names: tuple[tuple[str, str, str, int], ...]  # name, iso2, how, rows using it

    @property
    def max_row(self) -> int:
        """The highest row number any twinning or place refers to."""
        return max((r for t in self.twinnings for r in t.rows), default=0)


def read_table(path: Path, mapping: ColumnMapping) -> Table:
    """Read a twinning CSV with ``mapping``.

    Raises:
        ImportProblem: the file is missing, not UTF-8 text, not a CSV table, or lacks a
            mapped column (the message lists the columns it has and the option to change).
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportProblem(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise ImportProblem(f"{path}: not a UTF-8 text file (byte {exc.start}); "
                            "export the table as UTF-8 CSV") from None
    if "\x00" in text:
        raise ImportProblem(f"{path}: contains NUL bytes, so it is not a CSV table")
    reader = csv.reader(text.splitlines(), delimiter=mapping.delimiter, strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ImportProblem(f"{path}: the file is empty; expected a header row") from None
    except csv.Error as exc:
        raise ImportProblem(f"{path}:1: not a CSV header: {exc}") from None
    missing = {role: col for role, col in mapping.columns().items() if col not in header}
    if missing:
        _check_delimiter(path, text, mapping.delimiter)
        wanted = ", ".join(f"--{role} {col!r}" for role, col in missing.items())
        raise ImportProblem(f"{path}:1: mapped column(s) not in the header: {wanted}. "
                            f"The header has: {', '.join(header) or '(nothing)'}. "
                            "Map the columns with the --city1/--country1/... options or mapping.toml")
    index = {col: i for i, col in enumerate(header)}

    def cell(values: list[str], column: str | None) -> str | None:
        if column is None:
            return None
        i = index[column]
        value = values[i].strip() if i < len(values) else ""
        return value or None

    rows = []
    try:
        for number, values in enumerate(reader, start=1):
            if not any(v.strip() for v in values):
                continue
            m = mapping
            rows.append(RawRow(number, (
                RawSide(cell(values, m.city1) or "", cell(values, m.country1),
                        cell(values, m.lat1), cell(values, m.lng1)),
                RawSide(cell(values, m.city2) or "", cell(values, m.country2),
                        cell(values, m.lat2), cell(values, m.lng2))),
                cell(values, m.start), cell(values, m.status)))
    except csv.Error as exc:
        raise ImportProblem(f"{path}:{reader.line_num}: not valid CSV: {exc}") from None
    return Table(path, mapping, tuple(rows))


_DELIMITERS = (",", ";", "\t", "|")


def _shown(delimiter: str) -> str:
    return "'\\t'" if delimiter == "\t" else repr(delimiter)


def _check_delimiter(path: Path, text: str, delimiter: str) -> None:
    """Raise when the header splits on another delimiter better than on the one given."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in _DELIMITERS if d != delimiter}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] > first.count(delimiter):
        raise ImportProblem(
            f"{path}:1: the header looks like {_shown(best)} — use `--delimiter {_shown(best)}` "
            f"(or delimiter = {_shown(best)} in the mapping file): it has {counts[best]} × "
            f"{_shown(best)} and {first.count(delimiter)} × {_shown(delimiter)}")


@dataclass(frozen=True)
class _Side:
    """A side after country resolution (iso2 None: no country yet, resolve by name later)."""

    name: str
    iso2: str | None
    point: Point | None
    column: str
    is_country: bool = False


def _point(side: RawSide, row: int, column: str, flags: list[Flag]) -> Point | None:
    if side.lat is None and side.lng is None:
        return None
    try:
        lat, lng = Decimal(side.lat or "x"), Decimal(side.lng or "x")
        if not (lat.is_finite() and lng.is_finite() and abs(lat) <= 90 and abs(lng) <= 180):
            raise InvalidOperation
    except InvalidOperation:
        flags.append(Flag(row, Problem.BAD_COORDINATE, column, f"{side.lat or ''}, {side.lng or ''}",
                          "latitude and longitude must be decimal degrees within ±90 and ±180"))
        return None
    return lat.normalize() if lat == lat.to_integral() else lat, lng


def _resolve_side(side: RawSide, row: int, column: str, resolver: CountryResolver,
                  flags: list[Flag], used: Counter[tuple[str, CountryMatch]]) -> _Side | None:
    name = canonical_name(side.name)
    if not name or not slugify(name):
        flags.append(Flag(row, Problem.MISSING_CITY, column, side.name,
                          "no city name" if not name else "the name has no letters or digits"))
        return None
    point = _point(side, row, column, flags)
    if side.country:
        match = resolver.resolve(side.country)  # memoised: a list repeats few country names
        if match is None:
            flags.append(Flag(row, Problem.UNMAPPED_COUNTRY, column.replace("city", "country"),
                              side.country, f"neither pycountry nor the override table knows it "
                                            f"(city {name!r})"))
            return None
        used[(side.country, match)] += 1
        return _Side(name, match.iso2, point, column)
    # No country: "Varna, Bulgaria" carries it in the name; "Falkland Islands" is one.
    if "," in name:
        head, tail = (part.strip() for part in name.rsplit(",", 1))
        match = resolver.resolve(tail)
        if match is not None and head:
            flags.append(Flag(row, Problem.COUNTRY_FROM_NAME, column, side.name,
                              f"city {head!r} in {match.iso2} ({tail!r} in the name)"))
            used[("", match)] += 1
            return _Side(head, match.iso2, point, column)
    match = resolver.resolve(name)
    if match is not None:
        flags.append(Flag(row, Problem.COUNTRY_FROM_NAME, column, side.name,
                          f"the partner is the country or territory {match.iso2} itself"))
        used[("", match)] += 1
        return _Side(name, match.iso2, point, column, is_country=True)
    return _Side(name, None, point, column)


def _assign_places(sides: dict[tuple[int, int], _Side], describe: Callable[[Point], str],
                   flags: list[Flag]) -> dict[tuple[int, int], tuple[str, str]]:
    """Give every side with a country its place key; homonyms far apart get suffixed slugs."""
    groups: dict[tuple[str, str, bool], dict[Point | None, list[tuple[int, int]]]] = defaultdict(
        lambda: defaultdict(list))
    for where, side in sides.items():
        if side.iso2 is not None:
            groups[(side.iso2, slugify(side.name), side.is_country)][side.point].append(where)
    keys: dict[tuple[int, int], tuple[str, str]] = {}
    for (iso2, slug, _), by_point in groups.items():
        spots = [Spot(p, len(w), min(w)[0]) for p, w in by_point.items()]
        clusters = cluster_spots(spots)
        slugs = homonym_slugs(slug, [c[0].point for c in clusters], describe)
        for cluster, cslug in zip(clusters, slugs):
            for spot in cluster:
                for where in by_point[spot.point]:
                    keys[where] = (iso2, cslug)
            if cslug != slug:
                first = min(w for s in cluster for w in by_point[s.point])
                flags.append(Flag(first[0], Problem.HOMONYM_SPLIT, sides[first].column,
                                  sides[first].name, f"more than 30 km from the {slug!r} of "
                                  f"{iso2} first listed; IRI slug {cslug!r}"))
    return keys


def normalise(table: Table, *, resolver: CountryResolver,
              describe: Callable[[Point], str] = lambda point: "") -> ImportResult:
    """Turn raw rows into places and twinnings, flagging every problem with its row number.

    Args:
        table: the rows read by ``read_table``.
        resolver: maps country names to ISO codes.
        describe: names the region a point lies in; used to suffix the IRIs of homonyms
            (pass the reverse geocoder's admin1; the default falls back to coordinates).
    """
    flags: list[Flag] = []
    used: Counter[tuple[str, CountryMatch]] = Counter()
    sides: dict[tuple[int, int], _Side] = {}
    complete: list[RawRow] = []
    for row in table.rows:
        resolved = [_resolve_side(s, row.number, f"city{i + 1}", resolver, flags, used)
                    for i, s in enumerate(row.sides)]
        if resolved[0] is None or resolved[1] is None:
            continue
        sides[(row.number, 0)], sides[(row.number, 1)] = resolved[0], resolved[1]
        complete.append(row)
    keys = _assign_places(sides, describe, flags)
    by_name: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for where, key in keys.items():
        by_name[slugify(sides[where].name)].add(key)
    first: dict[tuple[str, str], tuple[int, int]] = {}
    twinnings: dict[tuple[tuple[str, str], tuple[str, str]], list[RawRow]] = {}
    for row in complete:
        pair = []
        for i in (0, 1):
            key = keys.get((row.number, i))
            if key is None:  # no country: an unambiguous name among the places with one
                candidates = by_name.get(slugify(sides[(row.number, i)].name), set())
                if len(candidates) != 1:
                    flags.append(Flag(row.number, Problem.UNRESOLVED_PARTNER, f"city{i + 1}",
                                      row.sides[i].name, f"no country, and the name matches "
                                      f"{len(candidates)} places: "
                                      f"{', '.join(sorted('-'.join(c) for c in candidates)) or 'none'}"))
                    break
                key = next(iter(candidates))
            pair.append(key)
        if len(pair) < 2:
            continue
        if pair[0] == pair[1]:
            flags.append(Flag(row.number, Problem.SELF_TWINNING, "city1/city2", row.sides[0].name,
                              f"both sides are {city_iri(*pair[0])}; if these are two places of "
                              "one name, give each its own name or coordinates"))
            continue
        ordered = (pair[0], pair[1]) if pair[0] <= pair[1] else (pair[1], pair[0])
        if ordered in twinnings:
            flags.append(Flag(row.number, Problem.DUPLICATE_PAIR, "city1/city2",
                              f"{row.sides[0].name} – {row.sides[1].name}",
                              f"same pair as row {twinnings[ordered][0].number}"))
            twinnings[ordered].append(row)
        else:
            twinnings[ordered] = [row]
        for i, key in enumerate(pair):
            first.setdefault(key, (row.number, i))
    _status_flags(twinnings.values(), flags)
    places = {key: _place(key, where, sides) for key, where in first.items()}
    return ImportResult(
        rows_read=len(table.rows),
        places=tuple(places.values()),
        twinnings=tuple(_twinning(pair, rows, places, sides) for pair, rows in twinnings.items()),
        flags=tuple(sorted(flags, key=lambda f: (f.row, f.problem.value))),
        countries=tuple(sorted({key[0] for key in first})),
        country_names=tuple(sorted(((name, m.iso2, m.method.value + (f": {m.reason}" if m.reason else ""), n)
                                    for (name, m), n in used.items()), key=lambda c: c[0])),
    )


def _place(key: tuple[str, str], where: tuple[int, int], sides: dict[tuple[int, int], _Side]) -> Place:
    side = sides[where]
    iso2, slug = key
    # A territory named as a partner (Falkland Islands) is the country node itself.
    iri = country_iri(iso2) if side.is_country else city_iri(iso2, slug)
    return Place(iri, f"{iso2.lower()}-{slug}", side.name, iso2, side.point,
                 where[0], side.column, side.is_country)


def _twinning(pair: tuple[tuple[str, str], tuple[str, str]], rows: Sequence[RawRow],
              places: dict[tuple[str, str], Place], sides: dict[tuple[int, int], _Side]) -> Twinning:
    head = rows[0]
    one, two = places[pair[0]], places[pair[1]]
    start = next((r.start for r in rows if r.start and _DATE.match(r.start)), None)
    status = next((r.status.lower() for r in rows if r.status and r.status.lower() in STATUSES), None)
    return Twinning(twinning_iri(one.key, two.key), (one.iri, two.iri),
                    f"{sides[(head.number, 0)].name} – {sides[(head.number, 1)].name}",
                    tuple(r.number for r in rows), start, status)


def _status_flags(groups: Iterable[list[RawRow]], flags: list[Flag]) -> None:
    for rows in groups:
        for row in rows:
            if row.start and not _DATE.match(row.start):
                flags.append(Flag(row.number, Problem.BAD_DATE, "start", row.start,
                                  "expected YYYY, YYYY-MM or YYYY-MM-DD"))
            if row.status and row.status.lower() not in STATUSES:
                flags.append(Flag(row.number, Problem.UNKNOWN_STATUS, "status", row.status,
                                  f"expected one of {', '.join(STATUSES)}"))
