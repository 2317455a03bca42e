"""Distances on the Earth's surface (the mean radius of the IUGG)."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088

def great_circle_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Haversine distance in kilometres on the mean Earth radius.

    >>> round(great_circle_km(-6.9218, 107.6071, 37.56, 126.99))
    5340
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
