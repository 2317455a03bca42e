"""dist/ as one build: staged, swapped in whole, stale outputs removed, described by a manifest."""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from sistercity.core.errors import BuildMissing, SisterCityError
from sistercity.core.io import write_text
from sistercity.core.paths import BUILD_REPORT, BUILT_QUADS, BUILT_TRIG, BUILT_TURTLE, DERIVED_FOLDERS, MANIFEST

# Files a build may write; anything of these left from an earlier build is removed by the next.
_BUILD_FILES = (BUILT_QUADS, BUILT_TRIG, BUILT_TURTLE, BUILD_REPORT, MANIFEST, "reconciliation.md")
_BUILD_PATTERNS = ("world-*.csv", "world-*.md")
_VERSIONED = ("sistercity", "rdflib", "pyoxigraph", "pyshacl", "owlready2", "reasonable", "networkx", "igraph")


def check_writable(out: Path) -> None:
    """Make sure a build can be written into ``out`` (before the build spends any time).

    Raises:
        SisterCityError: ``out`` cannot be created, or no file can be written in it.
    """
    existed = out.exists()
    with staged(out):
        pass
    if not existed:
        out.rmdir()  # the build makes it again when it has something to put there


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A scratch folder beside ``out``; when the block succeeds it becomes the build in ``out``.

    Every output of an earlier build (its manifest's files, the known build files and the folders
    the consumers derived from it) is removed first, so ``out`` never mixes two builds; files a
    user put there that no build writes are left alone. An empty block changes nothing.

    Raises:
        SisterCityError: ``out`` or a file in it cannot be written (no such folder, read-only,
            disk full …); ``out`` keeps the earlier build.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    except OSError as exc:
        raise _unwritable(out, exc) from None
    try:
        yield staging
        built = sorted(staging.iterdir())
        if not built:
            return
        for stale in previous_outputs(out):
            if stale.is_dir():
                shutil.rmtree(stale)
            else:
                stale.unlink(missing_ok=True)
        for path in built:
            path.replace(out / path.name)
    except OSError as exc:
        raise _unwritable(out, exc) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _unwritable(out: Path, exc: OSError) -> SisterCityError:
    where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(out) else ""
    return SisterCityError(f"cannot write the build into {out}: {exc.strerror or exc}{where}. "
                           "Choose a writable folder with --out.")


def previous_outputs(out: Path) -> list[Path]:
    """The files and folders in ``out`` that an earlier build (or a consumer of it) wrote."""
    found: set[Path] = set()
    manifest = out / MANIFEST
    if manifest.exists():
        try:
            found |= {out / name for name in json.loads(manifest.read_text(encoding="utf-8"))["files"]}
        except (ValueError, KeyError, TypeError):
            pass  # a damaged manifest: the known names below still go
    found |= {out / name for name in _BUILD_FILES}
    found |= {p for pattern in _BUILD_PATTERNS for p in out.glob(pattern)}
    found |= {out / name for name in DERIVED_FOLDERS}
    return sorted(p for p in found if p.exists() or p.is_symlink())


def file_hash(path: Path) -> str:
    """The SHA-256 of a file, as hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest(*, root: Path, inputs: Iterable[Path], options: Mapping[str, Any],
             files: Iterable[str], graphs: Mapping[str, int], extra: Mapping[str, Any] | None = None
             ) -> dict[str, Any]:
    """The description of one build: its inputs with hashes, options, versions, files and graphs."""
    versions = {}
    for name in _VERSIONED:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    versions["python"] = platform.python_version()
    return {
        "built": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "options": dict(options),
        "versions": versions,
        "inputs": {_relative(p, root): file_hash(p) for p in sorted(set(inputs))},
        "graphs": dict(graphs),
        "files": sorted(set(files) | {MANIFEST}),
        **(dict(extra) if extra else {}),
    }


def write_manifest(folder: Path, description: Mapping[str, Any]) -> Path:
    """Write ``manifest.json`` into ``folder`` (atomically)."""
    path = folder / MANIFEST
    write_text(path, json.dumps(description, indent=2, ensure_ascii=False) + "\n")
    return path


def read_manifest(dist: Path) -> dict[str, Any]:
    """The manifest of the build in ``dist``.

    Raises:
        BuildMissing: no build there (or one from before manifests, which must be rebuilt).
    """
    path = dist / MANIFEST
    if not (dist / BUILT_QUADS).exists():
        raise BuildMissing(f"{dist / BUILT_QUADS} does not exist: run `sistercity build` (or `make run`) first.")
    if not path.exists():
        raise BuildMissing(f"{path} does not exist: the build in {dist} is incomplete or from an "
                           "older version; run `sistercity build` again.")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise BuildMissing(f"{path} is not valid JSON ({exc}): run `sistercity build` again.") from None


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path.resolve())
