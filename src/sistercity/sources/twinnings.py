"""Twinning tables → places, twinnings and claims: read each source, normalise its countries,
and make one place of a city and one twinning of a pair across all sources.

Reading (``read_table``) fails before anything is written when the file is not a CSV table
or lacks a mapped column. Normalising (``normalise``) never stops on a bad row: each problem
becomes a ``flags.Flag`` with its source and row number, and the other rows import.

Identity across sources:

- same country and the same name slug (accents folded, German umlauts spelt out): one place,
  unless the coordinates lie more than ``HOMONYM_KM`` apart (homonyms stay apart), or unless the
  two are twinned with the same city that is not their namesake and not with each other (a source
  got the coordinates wrong: one place, reported as an uncertain merge naming the partner);
- same country, different names, coordinates at most ``MERGE_KM`` apart, named by different
  sources, and one name is the other's spelling or the GeoNames name of the place ("Köln" and
  "Cologne", GeoNames "Koeln"): one place, reported as an uncertain merge with its evidence.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import URIRef

from sistercity.core.errors import ImportProblem
from sistercity.core.geo import great_circle_km
from sistercity.sources.countries import CountryMatch, CountryMethod, CountryResolver, subdivision_slugs
from sistercity.sources.flags import Flag, Problem
from sistercity.sources.gazetteer import Gazetteer
from sistercity.sources.geocode import Geocoder
from sistercity.sources.identity import (Point, Spot, canonical_name, city_iri, cluster_spots, country_iri,
                                         homonym_slugs, name_core, name_keys, slugify, split_qualifier,
                                         twinning_iri)
from sistercity.sources.mapping import ColumnMapping

STATUSES = ("active", "inactive", "proposed", "unclear")
# The concepts of ontology/vocab/tie-kind.ttl (tests keep the two equal).
TIE_KINDS = ("partnership", "friendship", "contact", "twin-town", "twinned-administrative-body")
# Two differently named places of one country, from different sources, this close and with
# matching spellings, are one place (see the module docstring).
MERGE_KM = 10.0
# A row's coordinates give its country only within this distance of a GeoNames place.
NEAR_PLACE_KM = 25.0
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_DELIMITERS = (",", ";", "\t", "|")

Where = tuple[int, int, int]  # (source index, row number, side 0 or 1)


@dataclass(frozen=True)
class RawSide:
    """One side of a row as the file gives it (None: the column is absent or empty)."""

    name: str
    country: str | None
    lat: str | None
    lng: str | None
    population: str | None = None


@dataclass(frozen=True)
class RawRow:
    """One data row; ``number`` is 1-based with the header excluded."""

    number: int
    sides: tuple[RawSide, RawSide]
    start: str | None = None
    status: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Table:
    """The rows of a twinning file, read with a column mapping."""

    path: Path
    mapping: ColumnMapping
    rows: tuple[RawRow, ...]

    @property
    def source(self) -> str:
        """The slug of the source record (id/source/{slug})."""
        return self.mapping.source


@dataclass(frozen=True)
class Population:
    """A population figure one source gives for a place, with its row and reference year."""

    source: str
    value: int
    row: int
    year: str | None


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
    source: str = ""  # the source whose name and first row the place carries
    sources: tuple[str, ...] = ()  # every source naming it, in the order of the sources
    alt_names: tuple[str, ...] = ()  # the other names the sources give it
    populations: tuple[Population, ...] = ()
    language: str = "en"  # language tag of its label ("": the source's own local names)
    listed_by: tuple[str, ...] = ()  # the sources that list its ties (name it in their first column)


@dataclass(frozen=True)
class Claim:
    """What one source says about one twinning: its rows, start years, kinds of tie, status."""

    source: str
    rows: tuple[int, ...]
    starts: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Twinning:
    """A twinning of two distinct places, with one claim per source that states it."""

    iri: URIRef
    partners: tuple[URIRef, URIRef]
    label: str
    claims: tuple[Claim, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        """The sources that state it."""
        return tuple(c.source for c in self.claims)

    @property
    def start(self) -> str | None:
        """The start date every claim that gives one agrees on (None: none, or they differ)."""
        starts = {s for c in self.claims for s in c.starts}
        return next(iter(starts)) if len(starts) == 1 else None

    @property
    def status(self) -> str | None:
        """The status every claim that gives one agrees on."""
        statuses = {s for c in self.claims for s in c.statuses}
        return next(iter(statuses)) if len(statuses) == 1 else None

    def claim(self, source: str) -> Claim | None:
        """The claim of ``source``, if it states this twinning."""
        return next((c for c in self.claims if c.source == source), None)


@dataclass(frozen=True)
class ImportResult:
    """Everything the import found: places, twinnings, flags and how country names mapped."""

    rows_read: int
    places: tuple[Place, ...]
    twinnings: tuple[Twinning, ...]
    flags: tuple[Flag, ...]
    countries: tuple[str, ...]  # ISO codes of the places' countries, sorted
    country_names: tuple[tuple[str, str, str, int], ...]  # name, iso2, how, rows using it
    sources: tuple[str, ...] = ()  # source slugs in order of precedence
    rows_by_source: tuple[tuple[str, int], ...] = ()

    @property
    def max_row(self) -> int:
        """The highest row number any claim or place refers to."""
        rows = [r for t in self.twinnings for c in t.claims for r in c.rows]
        return max([*rows, *(p.first_row for p in self.places)], default=0)


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
    m = mapping

    def cell(values: list[str], column: str | None, role: str = "") -> str | None:
        if column is None:
            return m.value(role) if role else None
        i = index[column]
        value = values[i].strip() if i < len(values) else ""
        return value or None

    rows = []
    try:
        for number, values in enumerate(reader, start=1):
            if not any(v.strip() for v in values):
                continue
            rows.append(RawRow(number, (
                RawSide(cell(values, m.city1) or "", cell(values, m.country1, "country1"),
                        cell(values, m.lat1), cell(values, m.lng1), cell(values, m.population1)),
                RawSide(cell(values, m.city2) or "", cell(values, m.country2, "country2"),
                        cell(values, m.lat2), cell(values, m.lng2), cell(values, m.population2))),
                cell(values, m.start), cell(values, m.status, "status"), cell(values, m.kind, "kind")))
    except csv.Error as exc:
        raise ImportProblem(f"{path}:{reader.line_num}: not valid CSV: {exc}") from None
    return Table(path, mapping, tuple(rows))


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
    alt: str | None = None  # the name as the source wrote it, when the import shortened it
    population: str | None = None


@dataclass
class _Context:
    """What resolving one source's sides needs, and where its findings go."""

    resolver: CountryResolver
    geocoder: Geocoder | None
    flags: list[Flag]
    used: Counter[tuple[str, CountryMatch]]
    source: str = ""
    drop_qualifier: bool = False

    def flag(self, row: int, problem: Problem, column: str, value: str, detail: str) -> None:
        self.flags.append(Flag(row, problem, column, value, detail, self.source))


def _point(side: RawSide, row: int, column: str, ctx: _Context) -> Point | None:
    if side.lat is None and side.lng is None:
        return None
    try:
        lat, lng = Decimal(side.lat or "x"), Decimal(side.lng or "x")
        if not (lat.is_finite() and lng.is_finite() and abs(lat) <= 90 and abs(lng) <= 180):
            raise InvalidOperation
    except InvalidOperation:
        ctx.flag(row, Problem.BAD_COORDINATE, column, f"{side.lat or ''}, {side.lng or ''}",
                 "latitude and longitude must be decimal degrees within ±90 and ±180")
        return None
    return lat.quantize(Decimal(1)) if lat == lat.to_integral() else lat, lng  # "40.0" as "40", never "4E+1"


def _from_coordinates(point: Point, named: str, row: int, column: str, name: str,
                      ctx: _Context) -> str | None:
    """The country the point lies in (GeoNames' nearest place), flagged; None without a geocoder."""
    if ctx.geocoder is None:
        return None
    near = ctx.geocoder.nearest([point])[0]
    if great_circle_km(float(point[0]), float(point[1]), near.lat, near.lng) > NEAR_PLACE_KM:
        return None  # in the sea or the wilderness: the coordinates cannot tell the country
    ctx.flag(row, Problem.COUNTRY_FROM_COORDINATES, column.replace("city", "country"), named,
             f"city {name!r}: ({point[0]}, {point[1]}) lies in {near.country} near {near.name}")
    ctx.used[(named, CountryMatch(named, near.country, CountryMethod.COORDINATES))] += 1
    return near.country


def _resolve_side(side: RawSide, row: int, column: str, ctx: _Context) -> _Side | None:
    name = canonical_name(side.name)
    alt = None
    if ctx.drop_qualifier:
        short, qualifier = split_qualifier(name)
        if qualifier is not None:
            name, alt = short, side.name
    if not name or not slugify(name):
        ctx.flag(row, Problem.MISSING_CITY, column, side.name,
                 "no city name" if not name else "the name has no letters or digits")
        return None
    point = _point(side, row, column, ctx)
    if side.country:
        match = ctx.resolver.resolve(side.country)  # memoised: a list repeats few country names
        if match is None:
            iso2 = _from_coordinates(point, side.country, row, column, name, ctx) if point else None
            if iso2 is None:
                ctx.flag(row, Problem.UNMAPPED_COUNTRY, column.replace("city", "country"),
                         side.country, f"neither pycountry nor the override table knows it "
                                       f"(city {name!r}), and the row has no coordinates to place it")
                return None
        else:
            ctx.used[(side.country, match)] += 1
            iso2 = match.iso2
        if "," in name:  # "Coventry, Connecticut" in the United States
            head, tail = (part.strip() for part in name.rsplit(",", 1))
            code = subdivision_slugs(iso2).get(slugify(tail))
            if head and code:
                ctx.flag(row, Problem.SUBDIVISION_IN_NAME, column, side.name,
                         f"city {head!r} in {tail} ({code})")
                return _Side(head, iso2, point, column, alt=side.name, population=side.population)
        return _Side(name, iso2, point, column, alt=alt, population=side.population)
    # No country: "Varna, Bulgaria" carries it in the name; "Falkland Islands" is one.
    if "," in name:
        head, tail = (part.strip() for part in name.rsplit(",", 1))
        match = ctx.resolver.resolve(tail)
        if match is not None and head:
            ctx.flag(row, Problem.COUNTRY_FROM_NAME, column, side.name,
                     f"city {head!r} in {match.iso2} ({tail!r} in the name)")
            ctx.used[("", match)] += 1
            return _Side(head, match.iso2, point, column, alt=side.name, population=side.population)
    match = ctx.resolver.resolve(name)
    if match is not None:
        ctx.flag(row, Problem.COUNTRY_FROM_NAME, column, side.name,
                 f"the partner is the country or territory {match.iso2} itself")
        ctx.used[("", match)] += 1
        return _Side(name, match.iso2, point, column, is_country=True)
    if point is not None and "," not in name:
        iso2 = _from_coordinates(point, "", row, column, name, ctx)
        if iso2 is not None:
            return _Side(name, iso2, point, column, alt=alt, population=side.population)
    return _Side(name, None, point, column, alt=alt, population=side.population)


@dataclass
class _Cluster:
    """The sides of one name slug in one country that lie together (one place before merging)."""

    iso2: str
    slug: str
    is_country: bool
    head: Point | None
    wheres: list[Where] = field(default_factory=list)

    @property
    def first(self) -> Where:
        return min(self.wheres)

    @property
    def sources(self) -> set[int]:
        return {w[0] for w in self.wheres}

    def rank(self) -> tuple[int, int, Where]:
        """Order of precedence: first source, then most rows, then first row."""
        return min(self.sources), -len(self.wheres), self.first


def _clusters(sides: dict[Where, _Side]) -> list[_Cluster]:
    groups: dict[tuple[str, str, bool], dict[Point | None, list[Where]]] = defaultdict(
        lambda: defaultdict(list))
    for where, side in sides.items():
        if side.iso2 is not None:
            groups[(side.iso2, slugify(side.name), side.is_country)][side.point].append(where)
    out = []
    for (iso2, slug, is_country), by_point in groups.items():
        spots = [Spot(p, len(w), _order(min(w))) for p, w in by_point.items()]
        for spots_of_one in cluster_spots(spots):
            cluster = _Cluster(iso2, slug, is_country, spots_of_one[0].point)
            for spot in spots_of_one:
                cluster.wheres += by_point[spot.point]
            out.append(cluster)
    return out


def _order(where: Where) -> int:
    """A sortable number for a side: sources in order, then rows."""
    return where[0] * 10_000_000 + where[1] * 2 + where[2]


def _merge_names(clusters: list[_Cluster], sides: dict[Where, _Side], geocoder: Geocoder,
                 ctx_of: Callable[[int], _Context]) -> list[int]:
    """Union differently named clusters that are one place (module docstring); returns parents."""
    parent = list(range(len(clusters)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    named_by = [c.sources for c in clusters]  # the sources of each group, kept at its root
    located = [i for i, c in enumerate(clusters) if c.head is not None and not c.is_country]
    nearest = geocoder.nearest([clusters[i].head for i in located])  # type: ignore[misc]
    own: dict[int, frozenset[str]] = {}
    gaz: dict[int, tuple[frozenset[str], str]] = {}
    buckets: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, near in zip(located, nearest):
        cluster = clusters[i]
        assert cluster.head is not None
        own[i] = name_keys(sides[cluster.first].name)
        lat, lng = float(cluster.head[0]), float(cluster.head[1])
        close = great_circle_km(lat, lng, near.lat, near.lng) <= MERGE_KM
        gaz[i] = (name_keys(near.name) if close else frozenset(), near.name)
        for key in own[i] | gaz[i][0]:
            buckets[(cluster.iso2, key)].append(i)
    done: set[tuple[int, int]] = set()
    for members in buckets.values():
        for n, i in enumerate(members):
            for j in members[n + 1:]:
                a, b = clusters[i], clusters[j]
                ri, rj = root(i), root(j)
                if a.slug == b.slug or (i, j) in done or ri == rj or named_by[ri] & named_by[rj]:
                    continue  # one slug: homonyms kept apart by distance; one source: its own call
                done.add((i, j))
                assert a.head is not None and b.head is not None
                km = great_circle_km(float(a.head[0]), float(a.head[1]), float(b.head[0]), float(b.head[1]))
                if km > MERGE_KM:
                    continue
                evidence = _same_place(sides[a.first].name, sides[b.first].name, km, own[i], own[j],
                                       gaz[i], gaz[j], a.head, b.head, geocoder,
                                       min(len(a.wheres), len(b.wheres)) >= EXONYM_ROWS)
                if evidence is None:
                    continue
                keep, drop = (ri, rj) if clusters[ri].rank() <= clusters[rj].rank() else (rj, ri)
                parent[drop] = keep
                named_by[keep] |= named_by[drop]
                merged, kept = clusters[drop], clusters[keep]
                first = merged.first
                ctx = ctx_of(first[0])
                ctx.flag(first[1], Problem.UNCERTAIN_MERGE, sides[first].column, sides[first].name,
                         f"merged with {sides[kept.first].name!r} ({kept.iso2}, named by "
                         f"{ctx_of(kept.first[0]).source}): {km:.1f} km apart, {evidence}")
    return [root(i) for i in range(len(clusters))]


# Two names that differ in spelling only ("Kobrin", "Kobryn") are one place up to this distance;
# a GeoNames exonym ("Cologne" where GeoNames has "Koeln" for the "Köln" of another list) up to
# EXONYM_KM, only if GeoNames has no place of the other name there, and only for places each
# source lists in at least EXONYM_ROWS rows (a village missing from GeoNames is not an exonym of
# the town next to it).
SPELLING_KM, EXONYM_KM, SPELLING_RATIO, EXONYM_ROWS = 5.0, 3.0, 0.8, 3


def _same_place(name_a: str, name_b: str, km: float, own_a: frozenset[str], own_b: frozenset[str],
                gaz_a: tuple[frozenset[str], str], gaz_b: tuple[frozenset[str], str],
                head_a: Point, head_b: Point, geocoder: Geocoder, attested: bool) -> str | None:
    """Why two differently named places of one country, ``km`` apart, are one (None: they are not)."""
    if own_a & own_b:
        return "the same name once umlauts are spelt out"
    core_a, core_b = name_core(name_a), name_core(name_b)
    if core_a and core_b:
        short, long = sorted((core_a, core_b), key=len)
        if short == long or long.startswith(short + "-"):
            return f"the same name without its qualifier or unit ({short!r})"
        if km <= SPELLING_KM and len(short) >= 4 \
                and difflib.SequenceMatcher(None, core_a, core_b).ratio() >= SPELLING_RATIO:
            return f"spellings of one name ({core_a!r}, {core_b!r})"
    if km <= EXONYM_KM and attested:
        if own_a & gaz_b[0] and not geocoder.has_place_named(head_b, name_b, km=MERGE_KM):
            return f"GeoNames calls the place {gaz_b[1]!r} and has no {name_b!r} there"
        if gaz_a[0] & own_b and not geocoder.has_place_named(head_a, name_a, km=MERGE_KM):
            return f"GeoNames calls the place {gaz_a[1]!r} and has no {name_a!r} there"
    return None


@dataclass
class _PlaceGroup:
    """The clusters that make one place, the canonical one first."""

    members: list[_Cluster]
    slug: str = ""

    @property
    def head(self) -> _Cluster:
        return self.members[0]

    @property
    def wheres(self) -> list[Where]:
        return [w for c in self.members for w in c.wheres]


def _assign_places(sides: dict[Where, _Side], describe: Callable[[Point], str],
                   geocoder: Geocoder | None, ctx_of: Callable[[int], _Context],
                   merge: bool) -> dict[tuple[str, str], _PlaceGroup]:
    """Group the sides with a country into places; homonyms far apart get suffixed slugs."""
    clusters = _clusters(sides)
    roots = _merge_names(clusters, sides, geocoder, ctx_of) if merge and geocoder is not None \
        else list(range(len(clusters)))
    grouped: dict[int, list[_Cluster]] = defaultdict(list)
    for i, r in enumerate(roots):
        grouped[r].append(clusters[i])
    groups = [_PlaceGroup(sorted(members, key=_Cluster.rank)) for members in grouped.values()]
    by_slug: dict[tuple[str, str, bool], list[_PlaceGroup]] = defaultdict(list)
    for group in groups:
        by_slug[(group.head.iso2, group.head.slug, group.head.is_country)].append(group)
    places: dict[tuple[str, str], _PlaceGroup] = {}
    for (iso2, slug, _), homonyms in by_slug.items():
        homonyms.sort(key=lambda g: g.head.rank())
        if len(homonyms) > 1:
            homonyms[:] = _fold_same_partner(homonyms, sides, ctx_of)
        slugs = homonym_slugs(slug, [g.head.head for g in homonyms], describe)
        for group, gslug in zip(homonyms, slugs):
            group.slug = gslug
            places[(iso2, gslug)] = group
            if gslug != slug:
                first = group.head.first
                ctx_of(first[0]).flag(first[1], Problem.HOMONYM_SPLIT, sides[first].column,
                                      sides[first].name, f"more than 30 km from the {slug!r} of "
                                      f"{iso2} first listed; IRI slug {gslug!r}")
    return places


def _partner_keys(group: _PlaceGroup, sides: dict[Where, _Side]) -> dict[tuple[str, str], Where]:
    """The (country, name slug) of each place the group's rows twin it with, and a row saying so;
    namesakes left out (Coventry, Rhode Island and Coventry, Connecticut are both twinned with
    Coventry in England, Falkenstein with Falkenstein: the name, not the place, is shared)."""
    keys: dict[tuple[str, str], Where] = {}
    for where in sorted(group.wheres):
        other = sides.get((where[0], where[1], 1 - where[2]))
        partner = slugify(other.name) if other is not None else ""
        if other is not None and other.iso2 is not None and not _namesakes(partner, group.head.slug):
            keys.setdefault((other.iso2, partner), where)
    return keys


def _namesakes(slug: str, other: str) -> bool:
    """Whether two name slugs are one name, with or without a qualifier ("falkenstein-saxony")."""
    return slug.startswith(other) or other.startswith(slug)


def _twinned_together(a: _PlaceGroup, b: _PlaceGroup) -> bool:
    """Whether a row twins a side of ``a`` with a side of ``b``: two places, by that source's word."""
    theirs = set(b.wheres)
    return any((w[0], w[1], 1 - w[2]) in theirs for w in a.wheres)


def _named(where: Where, sides: dict[Where, _Side]) -> str:
    """The partner of the row side ``where`` as the source names it, with its country."""
    other = sides[(where[0], where[1], 1 - where[2])]
    return f"{other.name} ({other.iso2})"


def _fold_same_partner(homonyms: list[_PlaceGroup], sides: dict[Where, _Side],
                       ctx_of: Callable[[int], _Context]) -> list[_PlaceGroup]:
    """Fold a far homonym into the place of its name that is twinned with the same partner.

    Two places of one name in one country, each twinned with the same city, are one place whose
    coordinates a source got wrong (the German list geocodes Braunschweig's Bandung to a village
    of East Java, 481 km from the Bandung every other list gives): homonyms that share a twin
    city are vanishingly rare. Reported as an uncertain merge with the partner as its evidence.
    """
    kept: list[tuple[_PlaceGroup, dict[tuple[str, str], Where]]] = []
    for group in homonyms:  # best-attested first
        partners = _partner_keys(group, sides)
        into = next(((target, theirs, sorted(partners.keys() & theirs.keys())) for target, theirs in kept
                     if partners.keys() & theirs.keys() and not _twinned_together(group, target)), None)
        if into is None:
            kept.append((group, partners))
            continue
        target, theirs, shared = into
        target.members.extend(group.members)
        for key, where in partners.items():
            theirs.setdefault(key, where)
        first, other = group.head.first, theirs[shared[0]]
        here, there = group.head.head, target.head.head
        km = (f"{great_circle_km(float(here[0]), float(here[1]), float(there[0]), float(there[1])):.0f} km"
              if here is not None and there is not None else "far")
        ctx_of(first[0]).flag(first[1], Problem.UNCERTAIN_MERGE, sides[first].column, sides[first].name,
                              f"{km} from the {sides[other].name!r} of {target.head.iso2} that "
                              f"{ctx_of(other[0]).source} row {other[1]} twins with "
                              f"{', '.join(_named(partners[k], sides) for k in shared)} too: taken for "
                              f"one place, at the coordinates of the first; check this row's coordinates")
    return [group for group, _ in kept]


def normalise(tables: Table | Sequence[Table], *, resolver: CountryResolver,
              describe: Callable[[Point], str] = lambda point: "",
              geocoder: Geocoder | None = None,
              gazetteer: Gazetteer | Callable[[], Gazetteer] | None = None) -> ImportResult:
    """Turn the raw rows of one or more sources into places, twinnings and claims.

    Args:
        tables: the rows read by ``read_table``, one table per source, in order of precedence.
        resolver: maps country names to ISO codes.
        describe: names the region a point lies in; used to suffix the IRIs of homonyms
            (pass the reverse geocoder's admin1; the default falls back to coordinates).
        geocoder: places rows whose country is not a present-day one by their coordinates, and
            names places across sources (GeoNames' name of the place); None: neither.
        gazetteer: resolves partners without a country (None: by the sources' places alone); a
            function that loads it is called only when a partner needs it.
    """
    tables = [tables] if isinstance(tables, Table) else list(tables)
    flags: list[Flag] = []
    used: Counter[tuple[str, CountryMatch]] = Counter()
    contexts = [_Context(resolver, geocoder, flags, used, t.source, t.mapping.qualifier == "drop")
                for t in tables]
    sides: dict[Where, _Side] = {}
    complete: list[tuple[int, RawRow]] = []
    for t, table in enumerate(tables):
        for row in table.rows:
            resolved = [_resolve_side(s, row.number, f"city{i + 1}", contexts[t])
                        for i, s in enumerate(row.sides)]
            if resolved[0] is None or resolved[1] is None:
                continue
            sides[(t, row.number, 0)], sides[(t, row.number, 1)] = resolved[0], resolved[1]
            complete.append((t, row))
    groups = _assign_places(sides, describe, geocoder, contexts.__getitem__, merge=len(tables) > 1)
    keys: dict[Where, tuple[str, str]] = {w: key for key, g in groups.items() for w in g.wheres}
    by_name: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for key, group in groups.items():
        for where in group.wheres:
            by_name[slugify(sides[where].name)].add(key)
    made: list[Gazetteer] = []

    def known() -> Gazetteer:
        """The gazetteer with the places of all sources, made when a partner first needs it."""
        if not made:
            base = gazetteer() if callable(gazetteer) else gazetteer
            assert base is not None
            made.append(base.with_places((sides[g.head.first].name, k[0]) for k, g in groups.items()))
        return made[0]

    extra: dict[tuple[str, str], _PlaceGroup] = {}
    oriented: dict[tuple[tuple[str, str], tuple[str, str]], tuple[tuple[str, str], tuple[str, str]]] = {}
    pairs: dict[tuple[tuple[str, str], tuple[str, str]], dict[int, list[RawRow]]] = {}
    for t, row in complete:
        ctx = contexts[t]
        pair = []
        for i in (0, 1):
            where = (t, row.number, i)
            key = keys.get(where) or _resolve_partner(where, sides, by_name,
                                                      known if gazetteer is not None else None,
                                                      extra, ctx, row.sides[i].name)
            if key is None:
                break
            keys[where] = key
            pair.append(key)
        if len(pair) < 2:
            continue
        if pair[0] == pair[1]:
            ctx.flag(row.number, Problem.SELF_TWINNING, "city1/city2", row.sides[0].name,
                     f"both sides are {city_iri(*pair[0])}; if these are two places of "
                     "one name, give each its own name or coordinates")
            continue
        ordered = (pair[0], pair[1]) if pair[0] <= pair[1] else (pair[1], pair[0])
        oriented.setdefault(ordered, (pair[0], pair[1]))
        by_source = pairs.setdefault(ordered, {})
        if t in by_source:
            ctx.flag(row.number, Problem.DUPLICATE_PAIR, "city1/city2",
                     f"{row.sides[0].name} – {row.sides[1].name}",
                     f"same pair as row {by_source[t][0].number} of {ctx.source}")
        by_source.setdefault(t, []).append(row)
    groups.update(extra)
    used_keys = {key for pair in pairs for key in pair}
    places = {key: _place(key, groups[key], sides, tables, keys) for key in used_keys}
    twinnings = tuple(_twinning(oriented[pair], by_source, places, tables, contexts)
                      for pair, by_source in pairs.items())
    return ImportResult(
        rows_read=sum(len(t.rows) for t in tables),
        places=tuple(sorted(places.values(), key=lambda p: p.iri)),
        twinnings=tuple(sorted(twinnings, key=lambda t: t.iri)),
        flags=tuple(sorted(flags, key=lambda f: (f.source != tables[0].source, f.source, f.row,
                                                 f.problem.value))),
        countries=tuple(sorted({key[0] for key in used_keys})),
        country_names=tuple(sorted(((name, m.iso2, m.method.value + (f": {m.reason}" if m.reason else ""), n)
                                    for (name, m), n in used.items()), key=lambda c: (c[0], c[1]))),
        sources=tuple(t.source for t in tables),
        rows_by_source=tuple((t.source, len(t.rows)) for t in tables),
    )


def _resolve_partner(where: Where, sides: dict[Where, _Side], by_name: dict[str, set[tuple[str, str]]],
                     gazetteer: Callable[[], Gazetteer] | None, extra: dict[tuple[str, str], _PlaceGroup],
                     ctx: _Context, raw: str) -> tuple[str, str] | None:
    """The place of a side without a country: the one place of its name, else the gazetteer's."""
    side = sides[where]
    candidates = by_name.get(slugify(side.name), set())
    if len(candidates) == 1:
        return next(iter(candidates))
    if gazetteer is not None:
        found = gazetteer().resolve(side.name, point=side.point)
        if found.iso2 is not None:
            head = side.name.rpartition(",")[0].strip() or side.name
            key = next((k for k in candidates if k[0] == found.iso2), None) or (found.iso2, slugify(head))
            ctx.flag(where[1], Problem.PARTNER_FROM_GAZETTEER, side.column, raw,
                     f"{head!r} placed in {found.iso2}: {found.method}")
            if key not in extra and key not in by_name.get(slugify(head), set()):
                sides[where] = _Side(head, found.iso2, side.point, side.column,
                                     alt=raw if head != side.name else side.alt, population=side.population)
                extra[key] = _PlaceGroup([_Cluster(found.iso2, key[1], False, side.point, [where])], key[1])
            return key
        listed = ", ".join(sorted({*("-".join(c) for c in candidates), *found.candidates})) or "none"
        ctx.flag(where[1], Problem.UNRESOLVED_PARTNER, side.column, raw,
                 f"no country, and {found.method}: {listed}")
        return None
    ctx.flag(where[1], Problem.UNRESOLVED_PARTNER, side.column, raw,
             f"no country, and the name matches {len(candidates)} places: "
             f"{', '.join(sorted('-'.join(c) for c in candidates)) or 'none'}")
    return None


def _place(key: tuple[str, str], group: _PlaceGroup, sides: dict[Where, _Side],
           tables: Sequence[Table], keys: dict[Where, tuple[str, str]]) -> Place:
    first = group.head.first
    side = sides[first]
    iso2, slug = key
    wheres = [w for w in group.wheres if keys.get(w) == key]
    source_idx = sorted({w[0] for w in wheres} | {first[0]})
    names = {sides[w].name for w in wheres} | {sides[w].alt for w in wheres if sides[w].alt}
    populations = []
    for t in source_idx:
        mine = sorted(w for w in wheres if w[0] == t and sides[w].population)
        for w in mine[:1]:  # one figure per source: the first row that gives one
            value = sides[w].population or ""
            if value.isdigit():
                populations.append(Population(tables[t].source, int(value), w[1],
                                              tables[t].mapping.value("population_year")))
    # A territory named as a partner (Falkland Islands) is the country node itself.
    iri = country_iri(iso2) if side.is_country else city_iri(iso2, slug)
    return Place(iri, f"{iso2.lower()}-{slug}", side.name, iso2, side.point, first[1], side.column,
                 side.is_country, tables[first[0]].source, tuple(tables[t].source for t in source_idx),
                 tuple(sorted(n for n in names if n != side.name)), tuple(populations),
                 tables[first[0]].mapping.language,
                 tuple(tables[t].source for t in sorted({w[0] for w in wheres if w[2] == 0})))


def _twinning(pair: tuple[tuple[str, str], tuple[str, str]], by_source: dict[int, list[RawRow]],
              places: dict[tuple[str, str], Place], tables: Sequence[Table],
              contexts: Sequence[_Context]) -> Twinning:
    one, two = places[pair[0]], places[pair[1]]  # in the order of the first row stating it
    claims = []
    for t in sorted(by_source):
        rows = by_source[t]
        claims.append(_claim(tables[t], rows, contexts[t]))
    # The label lists the places in the order of the first row that states the twinning.
    return Twinning(twinning_iri(one.key, two.key), tuple(sorted((one.iri, two.iri))),  # type: ignore[arg-type]
                    f"{one.name} – {two.name}", tuple(claims))


def _claim(table: Table, rows: Sequence[RawRow], ctx: _Context) -> Claim:
    kinds_table = dict(table.mapping.kinds)
    starts, kinds, statuses = set(), set(), set()
    for row in rows:
        if row.start:
            if _DATE.match(row.start):
                starts.add(row.start)
            else:
                ctx.flag(row.number, Problem.BAD_DATE, "start", row.start,
                         "expected YYYY, YYYY-MM or YYYY-MM-DD")
        if row.status:
            if row.status.lower() in STATUSES:
                statuses.add(row.status.lower())
            else:
                ctx.flag(row.number, Problem.UNKNOWN_STATUS, "status", row.status,
                         f"expected one of {', '.join(STATUSES)}")
        if row.kind:
            kind = kinds_table.get(row.kind, row.kind if not kinds_table else None)
            if kind in TIE_KINDS:
                kinds.add(kind)
            else:
                ctx.flag(row.number, Problem.UNKNOWN_KIND, "kind", row.kind,
                         f"expected one of {', '.join(kinds_table or TIE_KINDS)}")
        for i, side in enumerate(row.sides):
            if side.population and not side.population.isdigit():
                ctx.flag(row.number, Problem.BAD_POPULATION, f"population{i + 1}", side.population,
                         "expected a whole number of inhabitants")
    return Claim(table.source, tuple(r.number for r in rows), tuple(sorted(starts)),
                 tuple(sorted(kinds)), tuple(sorted(statuses)))
