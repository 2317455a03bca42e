"""The build cache: what does not depend on the studies, kept between builds.

A scholar edits a case and rebuilds many times an hour; the world lists do not change between
those builds. So the world import (its result and its N-Triples) and its SHACL validation are
kept in ``ROOT/.cache/sistercity/`` (git-ignored), each under a key that hashes everything it
depends on: the package's code, the versions of every installed distribution, the files of
``data/world/`` and, for the validation, the ontology, vocabulary and shapes files (a study's
included). A changed input gives a new key, and the entry is computed again; ``--no-cache`` (or
``Cache(None)``) never reads or writes it. Each kind keeps only its newest entry.

The OWL RL closure and the network analytics are not cached: both read the cases too.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from sistercity.core.io import atomic_write

CACHE_DIR = Path(".cache") / "sistercity"
WORLD_TYPES = "world-types.nt"  # the typed cities and countries of the newest world import


def fingerprint(*parts: str | bytes | Path) -> str:
    """A SHA-256 over strings, bytes and files' contents (each with its name), as hex."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path):
            digest.update(str(part).encode("utf-8") + b"\0")
            try:
                digest.update(part.read_bytes())
            except OSError:
                digest.update(b"<missing>")
        elif isinstance(part, str):
            digest.update(part.encode("utf-8"))
        else:
            digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


def code_fingerprint() -> str:
    """The text of every module of the package and the version of every installed distribution:
    a changed line of code (without a new version) or an upgraded library gives new keys."""
    package = Path(__file__).resolve().parents[1]
    try:
        version = metadata.version("sistercity")
    except metadata.PackageNotFoundError:
        version = "unknown"
    files = sorted(p for p in package.rglob("*") if p.suffix in (".py", ".csv", ".toml", ".json")
                   and "__pycache__" not in p.parts)
    libraries = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    return fingerprint(version, *libraries, *(_relative_file(p, package) for p in files))


def world_key(root: Path, code: str | None = None) -> str:
    """The key of the world import of the project at ``root``: the code and data/world/."""
    return fingerprint(code or code_fingerprint(), *(_relative_file(p, root) for p in world_files(root)))


def schema_key(world: str, files: Iterable[Path]) -> str:
    """The key of the world's SHACL validation: the world's key and the contents of the
    ontology, vocabulary and shapes files (in any order: the union of graphs has none)."""
    return fingerprint(world, *sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in files))


def _relative_file(path: Path, base: Path) -> bytes:
    return str(path.relative_to(base)).encode("utf-8") + b"\0" + path.read_bytes()


def world_files(root: Path) -> list[Path]:
    """Every file the world import may read (all of data/world/)."""
    folder = root / "data" / "world"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


@dataclass
class Cache:
    """Entries by kind and key in ``folder`` (None: no cache, every lookup misses)."""

    folder: Path | None
    hits: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def for_project(cls, root: Path, *, enabled: bool = True) -> Cache:
        """The cache of the project at ``root`` ($SISTERCITY_CACHE overrides the folder)."""
        if not enabled:
            return cls(None)
        override = os.environ.get("SISTERCITY_CACHE")
        return cls(Path(override) if override else root / CACHE_DIR)

    def has(self, kind: str, key: str, suffix: str = ".pickle") -> bool:
        """Whether an entry of ``kind`` under ``key`` is on disk (it may still fail to load)."""
        path = self.path(kind, key, suffix)
        return path is not None and path.is_file()

    def path(self, kind: str, key: str, suffix: str = ".pickle") -> Path | None:
        """Where the entry of ``kind`` under ``key`` lives (None without a cache)."""
        return self.folder / f"{kind}-{key[:24]}{suffix}" if self.folder is not None else None

    def get(self, kind: str, key: str) -> Any | None:
        """The stored value, or None (a miss, noted in :attr:`hits`)."""
        path = self.path(kind, key)
        value = None
        if path is not None and path.is_file():
            try:
                with path.open("rb") as handle:
                    value = pickle.load(handle)
            except Exception:  # a damaged or outdated entry is a miss, and is replaced
                value = None
        self.hits[kind] = value is not None
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store ``value`` (atomically), dropping older entries of the same kind."""
        path = self.path(kind, key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_write(path, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            self._drop_others(kind, path)
        except OSError:
            pass  # a read-only or full disk costs the next build time, never this one's result

    def get_text(self, kind: str, key: str) -> str | None:
        """A stored text entry (N-Triples), or None."""
        path = self.path(kind, key, ".nt")
        text = None
        if path is not None and path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = None
        self.hits[kind] = text is not None
        return text

    def put_text(self, kind: str, key: str, text: str) -> None:
        """Store a text entry (atomically), dropping older entries of the same kind."""
        path = self.path(kind, key, ".nt")
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_write(path, "w") as handle:
                handle.write(text)
            self._drop_others(kind, path)
        except OSError:
            pass

    def put_world_types(self, lines: Iterable[str]) -> None:
        """Keep the typed places of the newest world import for ``sistercity validate``."""
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with atomic_write(self.folder / WORLD_TYPES, "w") as handle:
                handle.writelines(lines)
        except OSError:
            pass

    def _drop_others(self, kind: str, keep: Path) -> None:
        assert self.folder is not None
        for old in self.folder.glob(f"{kind}-*"):
            if old != keep and old.name[len(kind) + 1:].split(".")[0].isalnum():
                old.unlink(missing_ok=True)


_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def place_type_lines(ntriples: str) -> list[str]:
    """The ``rdf:type`` lines of the world's cities and countries (what validate needs of them)."""
    city, country = "<https://w3id.org/sistercity/id/city/", "<https://w3id.org/sistercity/id/country/"
    return [line for line in ntriples.splitlines(keepends=True)
            if line.startswith((city, country)) and f" {_RDF_TYPE} " in line]


def world_types(root: Path, *, dist: Path | None = None, wanted: set[str] | None = None) -> str:
    """N-Triples typing the world-list places ``wanted`` (all when None): from the cache's
    newest world import, else from the world graph of the last build in ``dist`` (default
    ROOT/dist), else nothing (no world build yet: such places are then undeclared)."""
    cached = Cache.for_project(root).folder
    source = cached / WORLD_TYPES if cached is not None else None
    lines: Iterable[str] = ()
    if source is not None and source.is_file():
        lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    else:
        quads = (dist or root / "dist") / "sistercity.nq"
        if quads.is_file():
            graph = " <https://w3id.org/sistercity/graph/world> ."
            with quads.open(encoding="utf-8") as handle:
                lines = [line.replace(graph, " .", 1) for line in handle
                         if f" {_RDF_TYPE} " in line and line.rstrip().endswith(graph.strip())
                         and line.startswith("<https://w3id.org/sistercity/id/")]
    if wanted is None:
        return "".join(lines)
    return "".join(line for line in lines if line[1:line.index(">")] in wanted)
