"""Helpers for end-to-end tests: a scratch copy of the project and a way to run the real CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def copy_project(target: Path) -> Path:
    """Copy the ontology and curated data (not the world CSV) into ``target``."""
    shutil.copytree(ROOT / "ontology", target / "ontology")
    shutil.copytree(ROOT / "data" / "sources", target / "data" / "sources")
    shutil.copytree(ROOT / "data" / "cases", target / "data" / "cases")
    shutil.copytree(ROOT / "queries", target / "queries")
    return target


def run_cli(*args: str, root: Path | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m sistercity ARGS`` in a subprocess, as a user would."""
    env = dict(os.environ)
    if root is not None:
        env["SISTERCITY_ROOT"] = str(root)
    return subprocess.run([sys.executable, "-m", "sistercity", *args], capture_output=True,
                          text=True, env=env, cwd=cwd or root or ROOT, timeout=600)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A fresh scratch copy of the project."""
    return copy_project(tmp_path / "project")


@pytest.fixture()
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """The CLI runner."""
    return run_cli
