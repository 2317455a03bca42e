"""Reading and writing files at the edge: RDF parsing with precise errors, atomic writes."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from rdflib import Graph

from sistercity.core.errors import RdfSyntaxError

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

    Raises:
        RdfSyntaxError: with the file, line and column when the file does not parse.
    """
    target = graph if graph is not None else Graph()
    fmt = rdf_format(path)
    try:
        target.parse(path, format=fmt)
    except FileNotFoundError:
        raise RdfSyntaxError(path, "file not found") from None
    except Exception as exc:  # rdflib raises several unrelated types for bad syntax
        raise _located_error(path, fmt, exc) from exc
    return target


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
            return RdfSyntaxError(path, message, int(location[1]), int(location[2]))
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
