"""Where the project lives: the repository root that holds ontology/, data/ and queries/."""

from __future__ import annotations

import os
from pathlib import Path

from sistercity.core.errors import UsageError


def project_root(start: Path | None = None) -> Path:
    """The project root: $SISTERCITY_ROOT, else the nearest folder above ``start`` (default: the
    working directory) holding ontology/sistercity.ttl, else the checkout this package runs from.

    Raises:
        UsageError: no project root can be found.
    """
    candidates = []
    if os.environ.get("SISTERCITY_ROOT"):
        candidates.append(Path(os.environ["SISTERCITY_ROOT"]))
    here = (start or Path.cwd()).resolve()
    candidates += [here, *here.parents, Path(__file__).resolve().parents[3]]
    for folder in candidates:
        if (folder / "ontology" / "sistercity.ttl").exists():
            return folder
    raise UsageError("cannot find the project (a folder with ontology/sistercity.ttl): run from the "
                     "repository, or set SISTERCITY_ROOT.")


# What a build writes into dist/ (the contract every consumer in publish/ reads).
BUILT_QUADS = "sistercity.nq"
BUILT_TRIG = "sistercity.trig"
BUILT_TURTLE = "sistercity.ttl"
BUILD_REPORT = "build-report.md"
MANIFEST = "manifest.json"
# Folders the consumers write from a build (answer, export, serve, …): stale once dist/ is rebuilt.
DERIVED_FOLDERS = ("answers", "exports", "store", "release", "docs", "figures")
