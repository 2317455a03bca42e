"""The clone is all there is: no file under src/ or tests/ names a path outside the repository.

A path may only be named relative to the repository (or built from ``__file__``, staying inside
it). What counts as naming a path outside:

- an absolute path of two or more components whose first is not one every POSIX system has
  (``/work/shared/seed/…``, ``/home/me/data``; ``/usr/bin/chromium``, ``/proc/x``, ``/dev/null`` are
  the system's, not data);
- a relative path that climbs with ``..`` above the repository root, read from the root (the
  working directory of the tests) or from the folder of the file that names it (``../shared``);
- ``Path(__file__)….parents[N]`` (or ``.parent`` chains) that climb above the root.

Python files are read with ``ast`` (every string constant, f-strings' text included) and
``tokenize`` (comments); other text files (Turtle, CSV, SPARQL, HTML …) line by line.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("src", "tests")
SKIPPED_PARTS = {"__pycache__", ".pytest_cache"}
# Top-level folders every POSIX system provides: naming them names the system, not project data.
SYSTEM = {"usr", "bin", "sbin", "lib", "lib32", "lib64", "etc", "proc", "dev", "sys", "tmp", "var", "run"}
# Where data outside a clone lives on the machines we know; any other top-level folder that exists
# here counts too. A string such as "/graph/case/x" (the tail of an IRI) names no folder and passes.
DATA_ROOTS = {"home", "Users", "work", "mnt", "media", "opt", "srv", "root", "shared", "data",
              "scratch", "nfs"}

# ASCII names only: a JavaScript regex such as /ı/g is not a path.
_NAME = r"[A-Za-z0-9_.@+~-]+"
# An absolute path: "/" not preceded by anything that makes it part of a URL, a prefixed name,
# an escaped slash or a longer word (http://host/a, id:source\/x, km/h, 1/2).
ABSOLUTE = re.compile(rf"(?<![\w.:/\\~%-])/(?:{_NAME}/)+{_NAME}/?")
RELATIVE = re.compile(rf"(?<![\w.:/\\~%-])(?:\.\./)+(?:{_NAME}/?)*")
# Relative links that are not read by the file naming them, each with where it is read from.
LINKS = {
    ("src/sistercity/publish/answers.py", "../../queries/cq/"):
        "written into dist/answers/NN.md: from there it leads to the repository's queries/cq/",
    ("src/sistercity/publish/exporters/html.py", "../docs/index.html"):
        "a link in dist/exports/*.html to the term documentation in dist/docs/",
    ("tests/unit/test_export_html.py", "../docs/index.html"):
        "the same link, as the explorer's page data holds it",
}
# This file's docstring and examples name such paths on purpose.
SELF = Path(__file__).resolve()


def scanned_files() -> list[Path]:
    """Every file under src/ and tests/ except caches and generated package metadata."""
    files = []
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*")):
            parts = set(path.relative_to(ROOT).parts)
            if path.is_file() and path != SELF and not parts & SKIPPED_PARTS and not any(
                    part.endswith(".egg-info") for part in parts):
                files.append(path)
    return files


def _texts(source: str, path: Path) -> Iterator[tuple[int, str]]:
    """(line, text) of every piece of text in ``source`` (the text of ``path``) that could name a path."""
    if path.suffix != ".py":
        yield from enumerate(source.splitlines(), start=1)
        return
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            yield token.start[0], token.string


def _escapes(relative: str, *bases: Path) -> bool:
    """Whether ``relative`` (with ``..``) leads above the root from any of ``bases``."""
    for base in bases:
        parts = list(base.relative_to(ROOT).parts)
        for part in PurePosixPath(relative).parts:
            if part == "..":
                if not parts:
                    return True
                parts.pop()
            elif part != ".":
                parts.append(part)
    return False


def outside_paths(path: Path, source: str | None = None) -> list[str]:
    """``file:line: text`` for every path outside the clone that ``path`` (whose text is
    ``source``, read from the file by default) names."""
    if source is None:
        try:
            source = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            return []  # a binary file names nothing
    found = []
    where = path.relative_to(ROOT)
    for line, text in _texts(source, path):
        for match in ABSOLUTE.finditer(text):
            first = match.group().strip("/").split("/")[0]
            if first not in SYSTEM and (first in DATA_ROOTS or (Path("/") / first).is_dir()):
                found.append(f"{where}:{line}: absolute path {match.group()!r}")
        for match in RELATIVE.finditer(text):
            if (str(where), match.group()) not in LINKS and _escapes(match.group(), ROOT, path.parent):
                found.append(f"{where}:{line}: {match.group()!r} climbs out of the repository")
    if path.suffix == ".py":
        found += [f"{where}:{line}: {what}" for line, what in _climbs_from_file(source, path)]
    return found


def _climbs_from_file(source: str, path: Path) -> Iterator[tuple[int, str]]:
    """``Path(__file__)…parents[N]`` / ``.parent`` chains in ``path`` that lead above the root."""
    tree = ast.parse(source)
    depth = len(path.relative_to(ROOT).parts) - 1  # steps from the file's folder up to the root
    for node in ast.walk(tree):
        steps = _steps_up(node)
        if steps is not None and steps > depth:
            yield node.lineno, f"goes {steps} folders up from __file__ (the root is {depth} up)"


def _steps_up(node: ast.AST) -> int | None:
    """How many folders above ``__file__``'s folder an expression lands, if it is such a chain."""
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) \
            and node.value.attr == "parents" and isinstance(node.slice, ast.Constant) \
            and isinstance(node.slice.value, int) and _names_file(node.value.value):
        return node.slice.value
    count = 0
    while isinstance(node, ast.Attribute) and node.attr == "parent":
        count, node = count + 1, node.value
    if count and _names_file(node):
        return count - 1  # Path(__file__).parent is the file's own folder
    return None


def _names_file(node: ast.AST) -> bool:
    """Whether ``node`` is ``Path(__file__)``, optionally ``.resolve()``/``.absolute()``d."""
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and node.func.attr in ("resolve", "absolute"):
        node = node.func.value
    return isinstance(node, ast.Call) and any(
        isinstance(arg, ast.Name) and arg.id == "__file__" for arg in node.args)


def test_no_file_names_a_path_outside_the_clone() -> None:
    offenders = [finding for path in scanned_files() for finding in outside_paths(path)]
    assert offenders == [], "\n".join(offenders)


@pytest.mark.parametrize("text, expected", [
    ('SEED = Path("/work/shared/seed/article.txt")', ["absolute path '/work/shared/seed/article.txt'"]),
    ('DATA = "../shared/data/twin_cities.csv"', ["'../shared/data/twin_cities.csv' climbs out"]),
    ("ROOT = Path(__file__).resolve().parents[3]", ["goes 3 folders up from __file__"]),
    ("UP = Path(__file__).parent.parent.parent.parent", ["goes 3 folders up from __file__"]),
    ('# rows of ../../shared/twin_cities.csv', ["climbs out of the repository"]),
    ('CHROME = "/usr/bin/chromium"; BAD = "/proc/x"; NULL = "/dev/null"', []),
    ('URL = "http://127.0.0.1:7878/query"; IRI = "https://w3id.org/sistercity/id/x"', []),
    ('ROUTE = "/query"; RATE = "km/h"; PART = "1/2"', []),
    ('IRI_TAIL = "/graph/case/green-ties"; HOME = "/home/me/data.csv"', ["absolute path '/home/me/data.csv'"]),
    ("ROOT = Path(__file__).resolve().parents[2]; HERE = Path(__file__).parent", []),
    ('FIXTURE = "tests/data/../data/world/sample.csv"', []),
    ('FOLD = "text.replace(/ı/g, 1)"; ESCAPED = r"id:source\\/seed-article"', []),
])
def test_the_rule_finds_paths_outside_and_nothing_else(text: str, expected: list[str]) -> None:
    """The rule, on the text of a file two folders below the root (as tests/unit/ files are)."""
    found = outside_paths(ROOT / "tests" / "unit" / "probe.py", text + "\n")
    assert len(found) == len(expected), found
    for finding, fragment in zip(found, expected):
        assert fragment in finding


def test_a_listed_link_is_allowed_only_in_its_own_file() -> None:
    link = 'f"[query](../../queries/cq/{name})"'
    assert outside_paths(ROOT / "src" / "sistercity" / "publish" / "answers.py", link) == []
    assert len(outside_paths(ROOT / "src" / "sistercity" / "publish" / "query.py", link)) == 1


def test_the_scan_reads_both_trees_and_every_kind_of_text_file() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in scanned_files()}
    assert {"src/sistercity/core/io.py", "tests/unit/test_case_facts.py",
            "tests/data/exports/mini.trig", "src/sistercity/publish/exporters/explorer.html"} <= names
    assert not any("__pycache__" in n or ".egg-info" in n for n in names)
