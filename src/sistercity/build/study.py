"""A scholar's study: a folder with ``study.toml``, its module and shapes, its case, sources and
questions, loaded beside the core wherever it lives on disk.

::

    studies/<slug>/
      study.toml                [study] slug, title, namespace, prefix, authors, licence, core
      module/<name>.ttl         OWL module(s)        -> graph:ontology
      module/<name>.shapes.ttl  SHACL shapes         -> graph:shapes
      case/*.ttl                the case data        -> graph:case/<slug>
      sources.ttl, sources/*.ttl  bibliographic records -> graph:sources
      queries/NN-name.rq        questions, named "<slug>:NN" beside the core's
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import URIRef

from sistercity.core.errors import StudyError
from sistercity.core.namespaces import BASE, PREFIXES, SC, case_graph

STUDY_FILE = "study.toml"
STUDIES_DIR = "studies"
MODULE_DIR = "module"
CASE_DIR = "case"
QUERIES_DIR = "queries"
SOURCES_FILE = "sources.ttl"
SOURCES_DIR = "sources"

# field -> (what it is, an example line for study.toml), in the order `new study` writes them.
REQUIRED: dict[str, tuple[str, str]] = {
    "slug": ("the study's short name (lower case, digits, hyphens): its case graph is graph:case/SLUG",
             'slug = "surabaya-kitakyushu"'),
    "title": ("the study's title, shown in views, the build report and the manifest",
              'title = "Surabaya–Kitakyushu: green-city cooperation"'),
    "namespace": ("the IRI namespace of the module's terms (ending in # or /), one you control",
                  'namespace = "https://example.org/green-city#"'),
    "prefix": ("the prefix of that namespace in outputs and questions", 'prefix = "gc"'),
    "authors": ("who made the study, as a list", 'authors = ["A. Scholar"]'),
    "licence": ("the licence of the study's data (an SPDX id or a URL)", 'licence = "CC-BY-4.0"'),
    "core": ("the Sister City KG version the study was written for", 'core = "0.1"'),
}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PREFIX = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class Study:
    """One study folder as its ``study.toml`` describes it."""

    folder: Path
    slug: str
    title: str
    namespace: str
    prefix: str
    authors: tuple[str, ...]
    licence: str
    core: str
    description: str = ""
    vocabularies: tuple[str, ...] = ()  # namespaces of outside vocabularies the data may use

    @property
    def toml(self) -> Path:
        """The study's ``study.toml``."""
        return self.folder / STUDY_FILE

    @property
    def graph(self) -> URIRef:
        """The named graph of the study's case data."""
        return case_graph(self.slug)

    @property
    def module_files(self) -> list[Path]:
        """The OWL module files (``module/*.ttl`` but the shapes)."""
        return [p for p in _ttl(self.folder / MODULE_DIR) if not p.name.endswith(".shapes.ttl")]

    @property
    def shape_files(self) -> list[Path]:
        """The SHACL shapes files (``module/*.shapes.ttl``)."""
        return [p for p in _ttl(self.folder / MODULE_DIR) if p.name.endswith(".shapes.ttl")]

    @property
    def case_files(self) -> list[Path]:
        """The case data (``case/*.ttl``)."""
        return _ttl(self.folder / CASE_DIR)

    @property
    def source_files(self) -> list[Path]:
        """Bibliographic records: ``sources.ttl`` and ``sources/*.ttl``."""
        single = self.folder / SOURCES_FILE
        return ([single] if single.is_file() else []) + _ttl(self.folder / SOURCES_DIR)

    @property
    def queries(self) -> Path:
        """The folder of the study's questions."""
        return self.folder / QUERIES_DIR

    def describe(self, root: Path, modules: Iterable[str] = ()) -> dict[str, Any]:
        """The study's entry in ``dist/manifest.json``."""
        return {"slug": self.slug, "title": self.title, "namespace": self.namespace,
                "prefix": self.prefix, "authors": list(self.authors), "licence": self.licence,
                "core": self.core, "description": self.description,
                "vocabularies": list(self.vocabularies), "folder": relative(self.folder, root),
                "graph": str(self.graph), "modules": sorted(modules),
                "queries": relative(self.queries, root)}


def load_study(folder: Path) -> Study:
    """Read ``folder/study.toml``.

    Raises:
        StudyError: no study.toml, a TOML syntax error (with its line), a missing or ill-typed
            field (with an example of the line to add).
    """
    path = folder / STUDY_FILE
    if not path.is_file():
        raise StudyError(f"{folder}: not a study folder (no {STUDY_FILE}). Create one with "
                         f"`sistercity new study {folder} --slug SLUG --title \"…\" --namespace IRI`.")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise StudyError(f"{path}: not valid TOML: {exc}. Fix the line and run again.") from None
    table = data.get("study")
    if not isinstance(table, dict):
        raise StudyError(f"{path}: no [study] table. The file starts with `[study]`, then "
                         + ", ".join(REQUIRED) + " (see `sistercity new study --help`).")
    missing = [name for name in REQUIRED if name not in table]
    if missing:
        lines = "\n".join(f"    {REQUIRED[name][1]}    # {REQUIRED[name][0]}" for name in missing)
        raise StudyError(f"{path}: [study] has no {', '.join(missing)}. Add to the [study] table:\n{lines}")
    for name in REQUIRED:
        value = table[name]
        ok = (isinstance(value, list) and value and all(isinstance(a, str) and a.strip() for a in value)
              if name == "authors" else isinstance(value, str) and value.strip())
        if not ok:
            kind = "a list of names" if name == "authors" else "a non-empty string"
            raise StudyError(f"{path}: [study] {name} must be {kind}, e.g. {REQUIRED[name][1]}")
    slug, namespace, prefix = table["slug"], table["namespace"], table["prefix"]
    if not _SLUG.match(slug):
        raise StudyError(f"{path}: [study] slug {slug!r} may hold only lower-case letters, digits "
                         "and hyphens, e.g. " + REQUIRED["slug"][1])
    check_namespace(namespace, path)
    if not _PREFIX.match(prefix) or prefix in PREFIXES:
        taken = ", ".join(sorted(PREFIXES))
        raise StudyError(f"{path}: [study] prefix {prefix!r} must be a name (letters, digits, _ -) "
                         f"that the core does not use ({taken}).")
    vocabularies = table.get("vocabularies", [])
    if not isinstance(vocabularies, list) or not all(isinstance(v, str) for v in vocabularies):
        raise StudyError(f"{path}: [study] vocabularies must be a list of namespace IRIs, e.g. "
                         'vocabularies = ["http://xmlns.com/foaf/0.1/"]')
    return Study(folder=folder.resolve(), slug=slug, title=table["title"].strip(), namespace=namespace,
                 prefix=prefix, authors=tuple(a.strip() for a in table["authors"]),
                 licence=table["licence"].strip(), core=table["core"].strip(),
                 description=str(table.get("description", "")).strip(),
                 vocabularies=tuple(vocabularies))


def check_namespace(namespace: str, where: Path | str) -> None:
    """Refuse a study namespace that is not an absolute IRI ending in # or /, or is the core's.

    Raises:
        StudyError: with the reason and how to fix it.
    """
    if not re.match(r"^[a-z][a-z0-9+.-]*://\S+[#/]$", namespace):
        raise StudyError(f"{where}: namespace {namespace!r} must be an absolute IRI ending in '#' or "
                         "'/', e.g. " + REQUIRED["namespace"][1])
    if namespace.startswith(str(SC._NS).rstrip("#")) or namespace.startswith(BASE + "id/") \
            or namespace.startswith(BASE + "graph/") or namespace.startswith(BASE + "vocab/"):
        raise StudyError(f"{where}: namespace {namespace!r} is the core's: a study's terms need a "
                         "namespace of their own (one you control, e.g. "
                         "https://w3id.org/sistercity/ext/YOUR-STUDY# or https://example.org/…#).")


def find_studies(root: Path, extra: Iterable[Path] = ()) -> tuple[Study, ...]:
    """The studies of a build: every ``root/studies/*/`` with a study.toml (folders whose name
    starts with ``_`` left out), then the ``extra`` folders (``--study DIR``), each once.

    Raises:
        StudyError: a study folder is unusable, or two studies share a slug or a prefix.
    """
    base = root / STUDIES_DIR
    found = sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))
                   and (p / STUDY_FILE).exists()) if base.is_dir() else []
    folders: list[Path] = []
    for folder in [*found, *extra]:
        if folder.resolve() not in folders:
            folders.append(folder.resolve())
    studies = tuple(load_study(folder) for folder in folders)
    for key in ("slug", "prefix", "namespace"):
        seen: dict[str, Study] = {}
        for study in studies:
            value = getattr(study, key)
            if value in seen:
                raise StudyError(f"{study.toml}: {key} {value!r} is also the {key} of the study in "
                                 f"{seen[value].folder}: give each study its own.")
            seen[value] = study
    return studies


def studies_from_manifest(manifest: Mapping[str, Any]) -> tuple[dict[str, Any], ...]:
    """The studies a build recorded in its ``manifest.json`` (empty for a build without any)."""
    return tuple(manifest.get("studies", ()))


def study_queries(root: Path, *, dist: Path | None = None,
                  extra: Iterable[Path] = ()) -> dict[str, Path]:
    """The queries/ folder of every study, by slug: those under ``root/studies/``, the ``extra``
    folders, and those the build in ``dist`` recorded (so a study built with ``--study`` keeps
    its questions). For ``list_questions(..., studies=…)``.

    Raises:
        StudyError: a study folder is unusable.
    """
    found = {study.slug: study.queries for study in find_studies(root, extra)}
    manifest_path = dist / "manifest.json" if dist is not None else None
    if manifest_path is not None and manifest_path.is_file():
        import json

        try:
            recorded = json.loads(manifest_path.read_text(encoding="utf-8")).get("studies", [])
        except ValueError:
            recorded = []
        for entry in recorded:
            folder = Path(entry.get("queries", ""))
            folder = folder if folder.is_absolute() else root / folder
            found.setdefault(str(entry.get("slug")), folder)
    return found


def core_version() -> str:
    """The major.minor version of the installed core (what a new study targets)."""
    from importlib import metadata

    try:
        return ".".join(metadata.version("sistercity").split(".")[:2])
    except metadata.PackageNotFoundError:
        return "0.1"


def study_prefixes(studies: Iterable[Study]) -> dict[str, str]:
    """The core prefixes plus each study's prefix for its namespace."""
    return {**PREFIXES, **{s.prefix: s.namespace for s in studies}}


def relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when inside it, else absolute (for the manifest)."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path.resolve())


def _ttl(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.ttl")) if folder.is_dir() else []
