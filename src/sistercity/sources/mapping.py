"""Which columns of a twinning table hold what: read from a TOML file or from CLI options."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from sistercity.core.errors import ImportProblem

# Roles that a mapping may fill with one value for every row instead of a column
# (the German list's first city is always in Germany; every Wikidata row is a P190 statement).
VALUE_ROLES = ("country1", "country2", "kind", "status", "population_year")
QUALIFIERS = ("keep", "drop")


@dataclass(frozen=True)
class ColumnMapping:
    """Column names of a twinning table; None means the table has no such column.

    Only ``city1`` and ``city2`` are required: lists without partner countries or without
    coordinates import too (see ``sistercity.sources.twinnings``). ``values`` gives a role one
    value for every row (``country1 = "Germany"``); ``kinds`` maps the kind column's codes to
    concepts of vocab/tie-kind (``p = "partnership"``); ``qualifier = "drop"`` drops a
    parenthesised qualifier from city names ("Brixlegg (Tirol)" → "Brixlegg").
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
    kind: str | None = None
    population1: str | None = None
    population2: str | None = None
    source: str = "world-twin-cities"
    delimiter: str = ","
    qualifier: str = "keep"
    language: str = "en"  # language tag of the city names ("" for local names in many languages)
    values: tuple[tuple[str, str], ...] = ()
    kinds: tuple[tuple[str, str], ...] = ()

    def columns(self) -> dict[str, str]:
        """Return role → column name for every mapped column (the settings excluded)."""
        skip = {"source", "delimiter", "qualifier", "language", "values", "kinds"}
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name not in skip and getattr(self, f.name)}

    def value(self, role: str) -> str | None:
        """The fixed value of ``role`` for every row, or None."""
        return dict(self.values).get(role)


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
    clean: dict[str, object] = {}
    for key, value in values.items():
        if key in ("values", "kinds"):
            clean[key] = _pairs(value, key, where)
            continue
        if value is not None and not isinstance(value, str):
            raise ImportProblem(f"{where}: {key} must be a column name (a string), got {value!r}")
        clean[key] = value or None
    if clean.get("delimiter") in ("\\t", "tab", "TAB"):  # a shell cannot easily pass a tab
        clean["delimiter"] = "\t"
    delimiter = clean.get("delimiter", ",")
    if not isinstance(delimiter, str) or len(delimiter) != 1:
        raise ImportProblem(f"{where}: delimiter must be one character (or '\\t' for a tab), "
                            f"got {delimiter!r}")
    for required in ("city1", "city2", "source"):
        if required in clean and not clean[required]:
            raise ImportProblem(f"{where}: {required} cannot be empty")
    for key, default in (("qualifier", "keep"), ("language", "")):
        if key in clean and clean[key] is None:
            clean[key] = default
    if clean.get("qualifier", "keep") not in QUALIFIERS:
        raise ImportProblem(f"{where}: qualifier must be one of {', '.join(QUALIFIERS)}, "
                            f"got {clean['qualifier']!r}")
    bad = sorted(set(dict(clean.get("values", ()))) - set(VALUE_ROLES))  # type: ignore[arg-type]
    if bad:
        raise ImportProblem(f"{where}: [values] may set {', '.join(VALUE_ROLES)}, not {', '.join(bad)}")
    return ColumnMapping(**clean)  # type: ignore[arg-type]


def _pairs(value: object, key: str, where: str) -> tuple[tuple[str, str], ...]:
    if isinstance(value, tuple):
        value = dict(value)
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ImportProblem(f"{where}: [{key}] must be a table of strings, got {value!r}")
    return tuple(sorted((str(k), v) for k, v in value.items()))


def load_mapping(path: Path) -> ColumnMapping:
    """Read a mapping from the ``[columns]``, ``[values]`` and ``[kinds]`` tables of a TOML file
    (plus ``source``, ``delimiter``, ``qualifier``).

    Raises:
        ImportProblem: the file is missing, is not TOML, or names unknown keys.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ImportProblem(f"{path}: mapping file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ImportProblem(f"{path}: not valid TOML: {exc}") from None
    values: dict[str, object] = dict(data.get("columns", {}))
    for key in ("source", "delimiter", "qualifier", "language", "values", "kinds"):
        if key in data:
            values[key] = data[key]
    return mapping_from_dict(values, where=str(path))
