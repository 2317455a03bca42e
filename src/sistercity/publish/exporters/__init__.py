"""Graph exports for the users' tools: one module per format, found through a lazy registry.

``get_exporter(Format.GEXF)`` imports only the module that writes GEXF (and what it needs), so
``sistercity export csv`` never loads lxml or the HTML template. Every exporter is a function
``write(view, out) -> tuple[Path, ...]`` that writes the main file at ``out`` (plus its companions,
e.g. the SVG beside a DOT file) atomically and returns every path it wrote.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sistercity.core.errors import ExportError, UsageError
from sistercity.core.io import atomic_write

if TYPE_CHECKING:
    import pyoxigraph as ox

    from sistercity.publish.exporters.views import GraphView, ViewSpec

EXPORTS_FOLDER = "exports"


class Format(str, Enum):
    """The export formats: one row each (name on the command line, main file's ending, module
    under ``sistercity.publish.exporters`` that defines ``write``, the programs it is meant for)."""

    suffix: str
    module: str
    tool: str

    def __new__(cls, name: str, suffix: str, module: str, tool: str) -> Format:
        member = str.__new__(cls, name)
        member._value_ = name
        member.suffix, member.module, member.tool = suffix, module, tool
        return member

    GRAPHML = ("graphml", ".graphml", "graphml", "yEd, Gephi, networkx")
    GEXF = ("gexf", ".gexf", "gexf", "Gephi")
    CYJS = ("cyjs", ".cyjs", "cytoscape", "Cytoscape (with a .style.json)")
    DOT = ("dot", ".dot", "dot", "Graphviz (with an .svg)")
    GEOJSON = ("geojson", ".geojson", "geo", "QGIS, any GIS")
    CSV = ("csv", ".nodes.csv", "tables", "spreadsheets, R, pandas (nodes + edges)")
    HTML = ("html", ".html", "html", "any browser, offline")


class Exporter(Protocol):
    """Writes one view in one format; returns the paths written."""

    def __call__(self, view: GraphView, out: Path) -> tuple[Path, ...]: ...


def get_exporter(fmt: Format) -> Exporter:
    """The writer for ``fmt``, importing its module on first use."""
    module = importlib.import_module(f"{__name__}.{Format(fmt).module}")
    return module.write  # type: ignore[no-any-return]


def default_path(folder: Path, view_slug: str, fmt: Format) -> Path:
    """Where ``sistercity export`` writes ``fmt`` for a view by default: ``folder/slug.suffix``."""
    return folder / f"{view_slug}{fmt.suffix}"


def export(view: GraphView, fmt: Format, *, out: Path) -> tuple[Path, ...]:
    """Write ``view`` as ``fmt`` to ``out`` (and companions); return the paths written.

    Raises:
        ExportError: a file cannot be written (nothing is left half-written).
    """
    return get_exporter(fmt)(view, out)


def companion(out: Path, suffix: str, *, main_suffix: str) -> Path:
    """The companion file of ``out``: its name with ``main_suffix`` replaced by ``suffix``."""
    name = out.name
    stem = name[: -len(main_suffix)] if name.endswith(main_suffix) else out.stem
    return out.with_name(stem + suffix)


@contextmanager
def _writing(paths: list[Path]) -> Iterator[None]:
    """Turn OS errors while writing ``paths`` into an ExportError that says how to fix it."""
    try:
        yield
    except OSError as exc:
        where = exc.filename or ", ".join(str(p) for p in paths)
        raise ExportError(f"cannot write {where}: {exc.strerror or exc}. Choose a writable --out "
                          "path (an existing folder, or one that can be created).") from exc


def write_files(contents: Mapping[Path, str | bytes]) -> tuple[Path, ...]:
    """Write several files together: each through a temporary file, all renamed only if all succeed.

    Raises:
        ExportError: a file cannot be written; no file of the set is replaced.
    """
    paths = list(contents)
    with _writing(paths), ExitStack() as stack:
        for path, data in contents.items():
            mode = "wb" if isinstance(data, bytes) else "w"
            handle = stack.enter_context(atomic_write(path, mode))
            handle.write(data)
    return tuple(paths)


@dataclass(frozen=True)
class ExportRun:
    """What one ``sistercity export`` wrote, the views it left out because they were empty, and
    what each view written leaves out of the graph (``slug: sentence``)."""

    written: tuple[Path, ...]
    skipped: tuple[str, ...]
    left_out: tuple[str, ...] = ()


def export_views(store: ox.Store, views: Sequence[ViewSpec], formats: Sequence[Format], *,
                 folder: Path, out: Path | None = None, titles: Mapping[str, str] | None = None,
                 prefixes: Mapping[str, str] | None = None,
                 progress: Callable[[str], None] | None = None) -> ExportRun:
    """Build each view from ``store`` and write it in each format.

    Files go to ``out`` when one view and one format are asked for (a folder there means the
    default name inside it), else to ``folder/VIEW.SUFFIX``. With several views, an empty one
    (no case data, or a build without the world) is skipped and reported in ``skipped``.
    ``titles`` are the studies' titles by slug, for their case views; ``prefixes`` the build's
    prefixes (the manifest's), for the class CURIEs.

    Raises:
        UsageError: an unknown city or country; the only view asked for is empty.
        ExportError: a file cannot be written.
    """
    from sistercity.publish.exporters.selection import build_view

    single = len(views) == 1 and len(formats) == 1
    written: list[Path] = []
    skipped: list[str] = []
    left_out: list[str] = []
    for spec in views:
        if progress:
            progress(f"building the {spec.kind.value} view")
        view = build_view(store, spec, titles=titles, prefixes=prefixes)
        if not len(view.graph):
            message = (f"the {view.slug} view is empty: the built graph has no "
                       f"{'case' if spec.kind.value == 'case' else 'twinning'} data "
                       "(run `sistercity build` with it)")
            if len(views) == 1:
                raise UsageError(message)
            skipped.append(message)
            continue
        left_out += [f"{view.slug}: {note}" for note in view.left_out]
        for fmt in formats:
            if progress:
                progress(f"writing {view.slug}{fmt.suffix}")
            target = out if single and out is not None and not out.is_dir() else None
            base = out if out is not None and (not single or out.is_dir()) else folder
            written += export(view, fmt, out=target or default_path(base, view.slug, fmt))
    return ExportRun(tuple(written), tuple(skipped), tuple(left_out))
