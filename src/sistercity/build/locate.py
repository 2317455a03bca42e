"""Where a triple came from: its file, and its line in that file.

rdflib and pyoxigraph give no positions for triples that parse, so the line is found by scanning
the file's text for the subject as the file spells it (``<rel>`` against its ``@base``, a
prefixed name, or the full IRI), then, from there on, for the predicate and the value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

Triple = tuple[Node, Node, Node]

_PREFIX = re.compile(r"@prefix\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>|PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>",
                     re.IGNORECASE)
_BASE = re.compile(r"@base\s*<([^>]*)>|BASE\s*<([^>]*)>", re.IGNORECASE)


@dataclass
class Origins:
    """For every triple read from a file, that file; for every subject, the files that state it."""

    triples: dict[Triple, Path] = field(default_factory=dict)
    subjects: dict[Node, list[Path]] = field(default_factory=dict)
    stated: dict[tuple[Node, Node], Path] = field(default_factory=dict)  # (subject, predicate)

    def add(self, graph: Graph, path: Path) -> None:
        """Record that ``path`` states every triple of ``graph`` (the first file wins)."""
        for triple in graph:
            self.triples.setdefault(triple, path)
            self.stated.setdefault((triple[0], triple[1]), path)
            files = self.subjects.setdefault(triple[0], [])
            if path not in files:
                files.append(path)

    def file_of(self, subject: Node, predicate: Node | None = None, value: Node | None = None) -> Path | None:
        """The file a finding on (subject, predicate, value) points to: the file of that triple
        when it exists, else the file that gives the subject that predicate, else the file where
        the subject is typed, else its first file."""
        if predicate is not None and value is not None:
            found = self.triples.get((subject, predicate, value))
            if found is not None:
                return found
        if predicate is not None and (subject, predicate) in self.stated:
            return self.stated[(subject, predicate)]
        if (subject, RDF.type) in self.stated:
            return self.stated[(subject, RDF.type)]
        files = self.subjects.get(subject)
        return files[0] if files else None

    def where(self, subject: Node, predicate: Node | None = None,
              value: Node | None = None) -> tuple[Path | None, int | None]:
        """The file and (where it can be found) the line of a finding."""
        path = self.file_of(subject, predicate, value)
        if path is None:
            return None, None
        return path, find_line(path, subject, predicate, value)

    @classmethod
    def from_subjects(cls, origins: Mapping[Node, Path]) -> Origins:
        """Origins that know only each subject's file (older callers)."""
        return cls(subjects={s: [p] for s, p in origins.items()})

    def first_files(self) -> dict[Node, Path]:
        """Each subject's first file (what the build report counts nodes by)."""
        return {s: files[0] for s, files in self.subjects.items()}


def find_line(path: Path, subject: Node, predicate: Node | None = None, value: Node | None = None) -> int | None:
    """The line of ``path`` where ``subject`` is described (and, after it, ``predicate`` or
    ``value`` where given); None when the subject cannot be found as written (blank nodes)."""
    if not isinstance(subject, URIRef):
        return None
    text = _text(path)
    if text is None:
        return None
    lines = text.splitlines()
    spellings = _spellings(text, subject)
    start = None
    # A line that begins with the subject and goes on with a predicate describes it; one that
    # goes on with `,` `;` `.` (or nothing) continues another node's object list.
    for describes in (_goes_on_with_predicate, lambda rest: True):
        for number, line in enumerate(lines):
            stripped = line.lstrip()
            if any(stripped.startswith(s) and _ends_term(stripped, len(s))
                   and describes(stripped[len(s):]) for s in spellings):
                start = number
                break
        if start is not None:
            break
    if start is None:  # the subject only as an object or inside a list: its first mention
        for number, line in enumerate(lines):
            if any(_mentions(line, s) for s in spellings):
                start = number
                break
    if start is None:
        return None
    for term in (value, predicate):
        if term is None or (isinstance(term, URIRef) and term == RDF.type and value is None):
            continue
        targets = _spellings(text, term) if isinstance(term, URIRef) else (
            [f'"{term}"'] if isinstance(term, Literal) else [])
        if term == RDF.type:
            targets = [*targets, "a"]
        for number in range(start, min(len(lines), start + 400)):
            if number > start and _starts_new_subject(lines[number]):
                break
            if any(_mentions(lines[number], s) for s in targets):
                return number + 1
    return start + 1


@lru_cache(maxsize=256)
def _text_cached(path: str, mtime: float) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _text(path: Path) -> str | None:
    try:
        return _text_cached(str(path), path.stat().st_mtime)
    except OSError:
        return None


def _spellings(text: str, iri: URIRef) -> list[str]:
    """Every way the file may write ``iri``: full, relative to its base, prefixed."""
    value = str(iri)
    found = [f"<{value}>"]
    for match in _BASE.finditer(text):
        base = match.group(1) or match.group(2) or ""
        if base and value.startswith(base):
            found.append(f"<{value[len(base):]}>")
    for match in _PREFIX.finditer(text):
        name = match.group(1) or match.group(3) or ""
        namespace = match.group(2) or match.group(4) or ""
        if namespace and value.startswith(namespace):
            local = value[len(namespace):]
            if re.fullmatch(r"[\w.\-%/:]*", local):
                found.append(f"{name}:{local}")
    return sorted(set(found), key=len, reverse=True)


def _ends_term(line: str, at: int) -> bool:
    return at >= len(line) or not re.match(r"[\w.\-%/:]", line[at]) or line[at] == "." and (
        at + 1 >= len(line) or line[at + 1].isspace())


def _goes_on_with_predicate(rest: str) -> bool:
    """Whether what follows a term on its line starts a predicate (not ``,`` ``;`` ``.`` or nothing)."""
    code = rest.split(" #", 1)[0].strip()
    return bool(code) and code[0] not in ",;.)]"


def _mentions(line: str, spelling: str) -> bool:
    code = line.split("#", 1)[0] if not spelling.startswith("<") else line
    for match in re.finditer(re.escape(spelling), code):
        before = code[match.start() - 1] if match.start() else " "
        if spelling[0] not in "<\"" and (before.isalnum() or before in "_:-"):
            continue
        if spelling[0] in "<\"" or _ends_term(code, match.end()):
            return True
    return False


def _starts_new_subject(line: str) -> bool:
    """A line that begins a new description (not a continuation of the previous one)."""
    return bool(line) and not line[0].isspace() and not line.startswith(("#", ")", "]"))
