"""Reading and writing files at the edge: RDF parsing with precise errors, atomic writes."""

from __future__ import annotations

import calendar
import logging
import os
import re
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from rdflib import Graph, Literal, URIRef

from sistercity.core.errors import RdfSyntaxError
from sistercity.core.namespaces import XSD

RDF_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads", ".rdf": "xml", ".owl": "xml", ".jsonld": "json-ld"}


def rdf_format(path: Path) -> str:
    """Return rdflib's format name for a file, judged by its suffix."""
    try:
        return RDF_FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(RDF_FORMATS))
        raise RdfSyntaxError(path, f"unknown RDF file type {path.suffix!r}; expected one of {known}") from None


_OX_FORMATS = {"turtle": "TURTLE", "trig": "TRIG", "nt": "N_TRIPLES", "nquads": "N_QUADS", "xml": "RDF_XML", "json-ld": "JSON_LD"}


def parse_rdf(path: Path, graph: Graph | None = None) -> Graph:
    """Parse one RDF file into ``graph`` (a new one by default).

    rdflib reads an IRI with a space or a literal outside its datatype (``"2017-13-45"^^xsd:date``)
    with no more than a logged warning; here both are errors, as in Oxigraph and the RDF specs.

    Raises:
        RdfSyntaxError: with the file, line and column when the file does not parse, holds an
            IRI with a character IRIs may not contain, or a literal its datatype does not allow.
    """
    fmt = rdf_format(path)
    part = Graph()
    try:
        with _quiet_rdflib_terms():
            part.parse(path, format=fmt)
    except FileNotFoundError:
        raise RdfSyntaxError(path, "file not found") from None
    except Exception as exc:  # rdflib raises several unrelated types for bad syntax
        raise _located_error(path, fmt, exc) from exc
    _check_terms(path, fmt, part)
    if graph is None:
        return part
    graph.addN((s, p, o, graph) for s, p, o in part)
    return graph


class _DropBadTermWarnings(logging.Filter):
    """rdflib logs a traceback for each ill-typed literal and a warning for each bad IRI: the
    parse reports them itself, once, with file and line."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        return not (message.startswith("Failed to convert Literal lexical form")
                    or "does not look like a valid URI" in message)


@contextmanager
def _quiet_rdflib_terms() -> Iterator[None]:
    logger, quiet = logging.getLogger("rdflib.term"), _DropBadTermWarnings()
    logger.addFilter(quiet)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Parsing weird boolean")
            yield
    finally:
        logger.removeFilter(quiet)


# Characters Turtle's IRIREF (and RFC 3987) forbid in an IRI.
_BAD_IRI_CHARS = frozenset(map(chr, range(0x21))) | frozenset('<>"{}|^`\\')
_IRI_TOKEN = re.compile(r"<[^<>\n]*>")
_TEXT_FORMATS = ("turtle", "trig", "nt", "nquads")  # where an IRI is written <…> in the text


def _check_terms(path: Path, fmt: str, graph: Graph) -> None:
    """Raise for a bad IRI or an ill-typed literal in ``graph`` (just read from ``path``)."""
    text = None
    if fmt in _TEXT_FORMATS:
        # A scan of the text costs a few milliseconds where checking every term would cost tens;
        # a <…> with a bad character may be inside a string, so Oxigraph's parser decides.
        text = path.read_text(encoding="utf-8", errors="replace")
        if any(not _BAD_IRI_CHARS.isdisjoint(m.group()[1:-1]) for m in _IRI_TOKEN.finditer(text)):
            located = _located_error(path, fmt, ValueError("invalid IRI"))
            if located.line:
                raise _bad_iri_error(path, text, located)
    else:
        bad = next((t for triple in graph for t in triple
                    if isinstance(t, URIRef) and not _BAD_IRI_CHARS.isdisjoint(t)), None)
        if bad is not None:
            raise RdfSyntaxError(path, _why_bad_iri(f"<{bad}>"))
    ill_typed = [o for o in graph.objects() if type(o) is Literal and (
        o.ill_typed or (o.datatype in _UNCHECKED and not _UNCHECKED[o.datatype].fullmatch(o)))]
    if ill_typed:
        text = text if text is not None else path.read_text(encoding="utf-8", errors="replace")
        found = sorted({_locate_boolean(text) if lit.datatype == XSD.boolean else
                        (*_locate_literal(text, lit), why_ill_typed(lit)) for lit in ill_typed})
        (line, column, why), others = found[0], found[1:]
        more = "".join(f"\n  also line {ln}: {reason}" if ln else f"\n  also: {reason}"
                       for ln, _, reason in others)
        raise RdfSyntaxError(path, why + more, line or None, column or None)


def _bad_iri_error(path: Path, text: str, located: RdfSyntaxError) -> RdfSyntaxError:
    """The error for the IRI Oxigraph rejected at ``located``, naming the IRI as written."""
    line = text.splitlines()[located.line - 1] if located.line else ""
    token = _IRI_TOKEN.match(line, (located.column or 1) - 1)
    if token is None or _BAD_IRI_CHARS.isdisjoint(token.group()[1:-1]):
        return located  # not an IRI with a bad character: Oxigraph's own message
    return RdfSyntaxError(path, _why_bad_iri(token.group()), located.line, located.column)


def _why_bad_iri(iri: str) -> str:
    """What is wrong with an IRI (written ``<…>``) that holds a character IRIs may not."""
    char = next(c for c in iri[1:-1] if c in _BAD_IRI_CHARS)
    name = {" ": "a space", "\t": "a tab"}.get(char, repr(char))
    return (f"the IRI {iri} contains {name}, which an IRI may not hold: "
            f"percent-encode it (%{ord(char):02X}), or write a prefixed name or a literal")


def _locate_literal(text: str, literal: Literal) -> tuple[int, int]:
    """Line and column (1-based) of a literal's lexical form in a file's text; (0, 0) if unseen."""
    lexical = re.escape(str(literal))
    match = re.search(rf"[\"']{lexical}[\"']\s*\^\^", text)  # Turtle, TriG, N-Triples: the quote
    if match is None:
        match = re.search(rf"(?<=>){lexical}(?=<)", text) or re.search(lexical, text)  # RDF/XML …
    return _position(text, match.start()) if match else (0, 0)


_BAD_BOOLEAN = re.compile(r"""(["'])(?!(?:true|false|1|0)\1)([^"'\n]*)\1\s*\^\^\s*"""
                          rf"(?:xsd:boolean|<{re.escape(str(XSD.boolean))}>)")


def _locate_boolean(text: str) -> tuple[int, int, str]:
    """Line, column and explanation of a bad xsd:boolean, found in the text: rdflib keeps no
    lexical form for it (it reads any of them as "false")."""
    match = _BAD_BOOLEAN.search(text)
    lexical = f'"{match.group(2)}"' if match else "a value"
    return (*(_position(text, match.start()) if match else (0, 0)),
            f"{lexical} is not a valid xsd:boolean: expected true, false, 1 or 0")


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


_INTEGERS = {"integer": "an integer", "nonNegativeInteger": "an integer of 0 or more",
             "positiveInteger": "an integer of 1 or more", "nonPositiveInteger": "an integer of 0 or less",
             "negativeInteger": "an integer of -1 or less"}
_FORMS = {"decimal": "a decimal number such as 12.5", "double": "a number such as 1.5E3",
          "float": "a number such as 1.5E3", "boolean": "true, false, 1 or 0",
          "date": "a date YYYY-MM-DD", "dateTime": "a date and time YYYY-MM-DDThh:mm:ss",
          "gYear": "a year YYYY", "gYearMonth": "a year and month YYYY-MM", "time": "a time hh:mm:ss"}
# Datatypes rdflib does not check (it has no converter for them), with their lexical space.
_TIMEZONE = r"(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)?"
_UNCHECKED = {XSD.gYear: re.compile(rf"-?\d{{4,}}{_TIMEZONE}"),
              XSD.gYearMonth: re.compile(rf"-?\d{{4,}}-(?:0[1-9]|1[0-2]){_TIMEZONE}")}
_DATE = re.compile(r"-?(\d{4,})-(\d\d)(?:-(\d\d))?")


def why_ill_typed(literal: Literal) -> str:
    """Why a literal's lexical form is not in its datatype, in words: "month 13 is not 1–12"."""
    datatype = str(literal.datatype)
    local = datatype[len(str(XSD)):] if datatype.startswith(str(XSD)) else None
    shown = f"xsd:{local}" if local else f"<{datatype}>"
    head = f'"{literal}" is not a valid {shown}'
    match = _DATE.match(str(literal)) if local in ("date", "dateTime", "gYearMonth") else None
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            return f"{head}: month {month} is not 1–12"
        if match.group(3) is not None:
            day, days = int(match.group(3)), calendar.monthrange(year, month)[1]
            if not 1 <= day <= days:
                return (f"{head}: day {day} is not 1–{days} "
                        f"({calendar.month_name[month]} {year} has {days} days)")
    expected = _INTEGERS.get(local or "") or _FORMS.get(local or "")
    return f"{head}: expected {expected}" if expected else head


_OX_POSITION = re.compile(r"^Parser error (?:at line \d+ between columns \d+ and \d+|"
                          r"between line \d+ column \d+ and line \d+ column \d+): ")


def _located_error(path: Path, fmt: str, exc: Exception) -> RdfSyntaxError:
    """Re-read a file that rdflib rejected with Oxigraph's parser, which reports line and column."""
    import pyoxigraph

    try:
        for _ in pyoxigraph.parse(path=str(path), format=getattr(pyoxigraph.RdfFormat, _OX_FORMATS[fmt])):
            pass
    except SyntaxError as ox_error:
        message = str(ox_error.args[0]) if ox_error.args else str(ox_error)
        location = ox_error.args[1] if len(ox_error.args) > 1 else None
        if isinstance(location, tuple) and len(location) >= 3 and location[1]:
            # The position goes before the message (file:line:column), not inside it as well.
            message = _OX_POSITION.sub("", message, count=1)
            reason = re.search(r"Bad syntax \((.+?)\) at \^", str(exc))  # rdflib's view, often plainer
            if reason:
                message += f" ({reason.group(1)})"
            located = RdfSyntaxError(path, message, int(location[1]), int(location[2]))
            if "IRI" not in message:
                return located
            return _bad_iri_error(path, path.read_text(encoding="utf-8", errors="replace"), located)
        return RdfSyntaxError(path, message)
    except (OSError, KeyError, ValueError):
        pass
    first = next((part.strip() for part in str(exc).splitlines() if part.strip()), type(exc).__name__)
    line = re.search(r"line (\d+)", str(exc))
    return RdfSyntaxError(path, first, int(line.group(1)) if line else None)


@contextmanager
def atomic_write(path: Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary file beside ``path``; rename it over ``path`` only if the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a written file should look like any other
    try:
        with os.fdopen(fd, mode, encoding=None if "b" in mode else encoding) as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically."""
    with atomic_write(path) as handle:
        handle.write(text)


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_write(path, "wb") as handle:
        handle.write(data)
