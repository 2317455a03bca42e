"""Attribute bookkeeping shared by the tabular and XML formats: names and one type per name."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any


class AttrType(str, Enum):
    """The type an attribute is declared with: numbers are doubles, everything else text."""

    DOUBLE = "double"
    STRING = "string"


def declared_types(records: Iterable[Mapping[str, Any]], *, skip: frozenset[str] = frozenset()
                   ) -> dict[str, AttrType]:
    """Each attribute name in ``records`` (first-seen order) with the type all its values share."""
    types: dict[str, AttrType] = {}
    for record in records:
        for name, value in record.items():
            if name in skip:
                continue
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            kind = AttrType.DOUBLE if numeric else AttrType.STRING
            if types.get(name, kind) is not kind:
                kind = AttrType.STRING  # mixed values: text is the only type that holds both
            types[name] = kind
    return types


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` as three integers."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
