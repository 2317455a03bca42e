"""GeoJSON (RFC 7946) for QGIS: places as Points, twinnings as great-circle lines.

Coordinates are [longitude, latitude] (WGS 84). Each twinning line follows the great circle
between its cities, with a point at least every ``STEP_DEGREES`` of arc, and is cut where it
crosses the antimeridian into a MultiLineString, as RFC 7946 section 3.1.9 asks, so that no
segment spans the whole map. A node without coordinates (a case's actor, a territory the lists
name as a partner) and a twinning whose partners share a point or lack one are kept as features
without geometry, with a ``geometry_note`` saying why, so that the file holds every node and edge.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path

import numpy as np

from sistercity.publish.exporters import write_files
from sistercity.publish.exporters.views import GraphView

STEP_DEGREES = 2.0
MAX_SEGMENTS = 90
DIGITS = 5  # about one metre
Position = list[float]
# Layout and styling attributes of the other formats; a GIS styles by its own rules.
LEFT_OUT = frozenset({"x", "y", "lat", "lon"})


def write(view: GraphView, out: Path) -> tuple[Path, ...]:
    """Write the located nodes and edges of ``view`` as a GeoJSON FeatureCollection to ``out``."""
    return write_files({out: json.dumps(feature_collection(view), ensure_ascii=False,
                                        separators=(",", ":"))})


def feature_collection(view: GraphView) -> dict[str, object]:
    """The FeatureCollection of ``view``: a Point per located node, a line per located edge."""
    graph = view.graph
    located = {n: (float(d["lon"]), float(d["lat"])) for n, d in graph.nodes(data=True)
               if "lat" in d and "lon" in d}
    features: list[dict[str, object]] = []
    for node, data in graph.nodes(data=True):
        properties = {k: v for k, v in data.items() if k not in LEFT_OUT}
        point = located.get(node)
        geometry = ({"type": "Point", "coordinates": [round(point[0], DIGITS), round(point[1], DIGITS)]}
                    if point else None)
        if point is None:
            # RFC 7946 allows a feature without geometry: the place keeps its record.
            properties["geometry_note"] = "no coordinates in the graph"
        features.append({"type": "Feature", "id": str(node), "geometry": geometry,
                         "properties": properties})
    edges = [(s, t, d) for s, t, d in graph.edges(data=True) if s != t]
    drawn = [(s, t, d) for s, t, d in edges if s in located and t in located]
    arcs = dict(zip(((s, t, id(d)) for s, t, d in drawn),
                    great_circles([(located[s], located[t]) for s, t, _ in drawn])))
    for source, target, data in edges:
        arc = arcs.get((source, target, id(data)))
        properties = dict(data)
        geometry: dict[str, object] | None = None
        if arc is None:
            properties["geometry_note"] = "a partner has no coordinates in the graph"
        elif arc[0] == arc[-1]:
            # Two partners at one point (a duplicated city in the source list) make no line.
            properties["geometry_note"] = "both partners have the same coordinates"
        else:
            parts = split_at_antimeridian(arc) if _crosses(arc) else [arc]
            geometry = ({"type": "LineString", "coordinates": parts[0]} if len(parts) == 1
                        else {"type": "MultiLineString", "coordinates": parts})
        properties.update(source=str(source), target=str(target),
                          source_label=graph.nodes[source]["label"],
                          target_label=graph.nodes[target]["label"])
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return {"type": "FeatureCollection", "name": view.slug, "features": features}


def great_circle(start: tuple[float, float], end: tuple[float, float]) -> list[Position]:
    """Points along the shorter great-circle arc from ``start`` to ``end`` (both lon, lat)."""
    return great_circles([(start, end)])[0]


def great_circles(pairs: Sequence[tuple[tuple[float, float], tuple[float, float]]]
                  ) -> list[list[Position]]:
    """The great-circle arcs between many pairs of (lon, lat) points, computed together.

    Each arc has a point at least every ``STEP_DEGREES`` of arc (at most ``MAX_SEGMENTS``
    segments) and ends exactly at its two given points. Coincident or antipodal pairs (no single
    shortest arc) give just the two points.
    """
    if not pairs:
        return []
    ends = np.radians(np.asarray(pairs, dtype=float))  # shape (pairs, 2 ends, lon/lat)
    lam, phi = ends[..., 0], ends[..., 1]
    vectors = np.stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)], axis=-1)
    a, b = vectors[:, 0], vectors[:, 1]
    angle = np.arccos(np.clip(np.einsum("ij,ij->i", a, b), -1.0, 1.0))
    degenerate = (angle < 1e-9) | (np.pi - angle < 1e-9)
    segments = np.clip(np.ceil(np.degrees(angle) / STEP_DEGREES - 1e-9), 1, MAX_SEGMENTS).astype(int)
    segments[degenerate] = 1
    counts = segments + 1
    owner = np.repeat(np.arange(len(pairs)), counts)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    f = (np.arange(counts.sum()) - starts[owner]) / segments[owner]
    theta = angle[owner]
    safe = np.where(degenerate[owner], 1.0, np.sin(theta))
    wa = np.where(degenerate[owner], 1 - f, np.sin((1 - f) * theta) / safe)
    wb = np.where(degenerate[owner], f, np.sin(f * theta) / safe)
    xyz = wa[:, None] * a[owner] + wb[:, None] * b[owner]
    lon = np.degrees(np.arctan2(xyz[:, 1], xyz[:, 0]))
    lat = np.degrees(np.arctan2(xyz[:, 2], np.hypot(xyz[:, 0], xyz[:, 1])))
    given = np.degrees(ends)
    first, last = f == 0, f == 1
    lon[first], lat[first] = given[owner[first], 0, 0], given[owner[first], 0, 1]
    lon[last], lat[last] = given[owner[last], 1, 0], given[owner[last], 1, 1]
    points = np.round(np.stack([lon, lat], axis=1), DIGITS).tolist()
    bounds = np.concatenate([starts, [len(points)]]).tolist()
    return [points[bounds[i]:bounds[i + 1]] for i in range(len(pairs))]


def split_at_antimeridian(points: list[Position]) -> list[list[Position]]:
    """Cut a line wherever a step crosses longitude ±180; each crossing point ends one part at
    +180 (or −180) and starts the next at the opposite sign, at the interpolated latitude."""
    parts = [[points[0]]]
    for (lon_a, lat_a), (lon_b, lat_b) in pairwise(points):
        if abs(lon_b - lon_a) > 180:
            edge = 180.0 if lon_a > 0 else -180.0
            unwrapped = lon_b + 360 if lon_a > 0 else lon_b - 360
            t = (edge - lon_a) / (unwrapped - lon_a)
            lat = round(lat_a + t * (lat_b - lat_a), DIGITS)
            _extend(parts[-1], [edge, lat])
            parts.append([[-edge, lat]])
        _extend(parts[-1], [lon_b, lat_b])
    # A part can be a single point when a vertex lies exactly on the antimeridian.
    return [part for part in parts if len(part) > 1] or [points]


def _extend(part: list[Position], point: Position) -> None:
    if part[-1] != point:
        part.append(point)


def _crosses(points: list[Position]) -> bool:
    return any(abs(b[0] - a[0]) > 180 for a, b in pairwise(points))
