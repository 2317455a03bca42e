"""The text of a SPARQL query as a reader sees it: its prefixed names and its VALUES blocks.

A small lexer that skips what cannot hold a prefixed name (comments, strings, IRIs), so that an
undeclared prefix is reported by name, line and column (Oxigraph's parser lists the Unicode ranges
it expected instead), and the one-variable ``VALUES ?name { term }`` blocks that carry a
question's default parameter values are found where they stand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Where a prefixed name cannot start: inside these (longest first, so '"""' wins over '"').
_SKIP = re.compile(r"""
    \#[^\n]*                                   # a comment to the end of the line
  | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"        # long strings
  | '''(?:[^'\\]|\\.|'(?!''))*'''
  | "(?:[^"\\\n]|\\.)*"                        # short strings
  | '(?:[^'\\\n]|\\.)*'
  | <[^<>"{}|^`\\\x00-\x20]*>                  # an IRI (no spaces: `?a < ?b` is a comparison)
""", re.VERBOSE)
# A prefixed name (PNAME_NS / PNAME_LN of the SPARQL grammar), or a variable, which is skipped
# whole so that `?x` never reads as a name; `_:` starts a blank node, not a prefix.
_NAME = re.compile(r"[?$][\w]+|(?<![\w.:-])([A-Za-z][\w.-]*)?:(?!//)")
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_VALUES = re.compile(r"\bVALUES\s+\?(\w+)\s*\{([^{}]*)\}", re.IGNORECASE)


@dataclass(frozen=True)
class Position:
    """A place in a query text, counted from 1 as editors count."""

    line: int
    column: int


@dataclass(frozen=True)
class ValuesBlock:
    """A one-variable ``VALUES ?name { … }`` block: where it stands and what it holds."""

    name: str
    content: str
    start: int
    end: int
    position: Position


def position(text: str, offset: int) -> Position:
    """The line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return Position(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def code_spans(text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` outside comments, strings and IRIs, as (start, end) offsets."""
    spans, at = [], 0
    for skipped in _SKIP.finditer(text):
        spans.append((at, skipped.start()))
        at = skipped.end()
    spans.append((at, len(text)))
    return [(a, b) for a, b in spans if b > a]


def declared_prefixes(text: str) -> dict[str, str]:
    """The prefixes the query declares (``PREFIX sc: <…>``), name → namespace IRI."""
    return {m.group(1) or "": m.group(2) for m in _DECLARED.finditer(_blank_comments(text))}


def undeclared_prefixes(text: str) -> list[tuple[str, Position]]:
    """Every prefixed name whose prefix the query does not declare: (prefix, where it is used),
    the first use of each prefix only."""
    declared = set(declared_prefixes(text))
    seen: dict[str, Position] = {}
    for start, end in code_spans(text):
        for match in _NAME.finditer(text, start, end):
            if match.group(0)[0] in "?$":
                continue
            prefix = match.group(1) or ""
            if prefix in declared or prefix in seen or _is_declaration(text, match.start()):
                continue
            seen[prefix] = position(text, match.start())
    return list(seen.items())


def values_blocks(text: str) -> list[ValuesBlock]:
    """The one-variable VALUES blocks outside comments, in the order they stand."""
    blanked = _blank_comments(text)
    return [ValuesBlock(m.group(1), m.group(2).strip(), m.start(), m.end(), position(text, m.start()))
            for m in _VALUES.finditer(blanked)]


def without(text: str, block: ValuesBlock) -> str:
    """``text`` with ``block`` blanked out, every line and column after it where it was."""
    cut = re.sub(r"[^\n]", " ", text[block.start:block.end])
    return text[:block.start] + cut + text[block.end:]


def _is_declaration(text: str, offset: int) -> bool:
    """Whether the name at ``offset`` is the one a PREFIX line declares."""
    return re.search(r"\bPREFIX\s+$", text[max(0, offset - 40):offset], re.IGNORECASE) is not None


def _blank_comments(text: str) -> str:
    """``text`` with comments replaced by spaces (strings and IRIs kept), offsets unchanged."""
    return _SKIP.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)) if m.group(0).startswith("#")
                     else m.group(0), text)
