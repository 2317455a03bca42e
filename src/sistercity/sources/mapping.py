"""Which columns of a twinning table hold what: read from a TOML file or from CLI options."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from sistercity.core.errors import ImportProblem


@dataclass(frozen=True)
class ColumnMapping:
    """Column names of a twinning table; None means the table has no such column.

    Only ``city1`` and ``city2`` are required: lists without partner countries or without
    coordinates import too (see ``sistercity.sources.twinnings``).
    """

    city1: str = "city1"
    city2: str = "city2"
    country1: str | None = "country1"
    country2: str | None = "country2"
    lat1: str | None = "lat1"
    lng1: str | None = "lng1"
    lat2: str | None = "lat2"
    lng2: str | None = "lng2"
    start: str | None = None
    status: str | None = None
    source: str = "world-twin-cities"
    delimiter: str = ","

    def columns(self) -> dict[str, str]:
        """Return role → column name for every mapped column (the source slug excluded)."""
        skip = {"source", "delimiter"}
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name not in skip and getattr(self, f.name)}


def mapping_from_dict(values: dict[str, object], *, where: str = "mapping") -> ColumnMapping:
    """Build a mapping from a dict (a TOML table or CLI options); empty strings mean "no column".

    Raises:
        ImportProblem: an unknown key, or a value that is not a string.
    """
    known = {f.name for f in fields(ColumnMapping)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ImportProblem(f"{where}: unknown key(s) {', '.join(unknown)}; "
                            f"known keys are {', '.join(sorted(known))}")
    clean: dict[str, str | None] = {}
    for key, value in values.items():
        if value is not None and not isinstance(value, str):
            raise ImportProblem(f"{where}: {key} must be a column name (a string), got {value!r}")
        clean[key] = value or None
    if clean.get("delimiter") in ("\\t", "tab", "TAB"):  # a shell cannot easily pass a tab
        clean["delimiter"] = "\t"
    delimiter = clean.get("delimiter", ",")
    if delimiter is None or len(delimiter) != 1:
        raise ImportProblem(f"{where}: delimiter must be one character (or '\\t' for a tab), "
                            f"got {delimiter!r}")
    for required in ("city1", "city2", "source"):
        if required in clean and not clean[required]:
            raise ImportProblem(f"{where}: {required} cannot be empty")
    return ColumnMapping(**clean)  # type: ignore[arg-type]


def load_mapping(path: Path) -> ColumnMapping:
    """Read a mapping from the ``[columns]`` table of a TOML file (plus ``source``, ``delimiter``).

    Raises:
        ImportProblem: the file is missing, is not TOML, or names unknown keys.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ImportProblem(f"{path}: mapping file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ImportProblem(f"{path}: not valid TOML: {exc}") from None
    values: dict[str, object] = dict(data.get("columns", {}))
    for key in ("source", "delimiter"):
        if key in data:
            values[key] = data[key]
    return mapping_from_dict(values, where=str(path))
