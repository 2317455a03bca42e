"""The format registry: lazy imports, default names, atomic writes, clear errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sistercity.core.errors import ExportError, UsageError
from sistercity.publish.exporters import Format, default_path, export, export_views, get_exporter
from sistercity.publish.exporters.selection import build_view
from sistercity.publish.exporters.views import ViewKind, ViewSpec, parse_view
from tests.unit.test_export_views import fixture_store


def test_each_format_has_a_writer() -> None:
    for fmt in Format:
        assert callable(get_exporter(fmt))


def test_asking_for_csv_imports_no_other_format() -> None:
    code = ("import sys; from sistercity.publish.exporters import Format, get_exporter; "
            "get_exporter(Format.CSV); "
            "print(sorted(m for m in sys.modules if m.startswith('sistercity.publish.exporters.')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = eval(done.stdout)  # a printed list of module names
    assert "sistercity.publish.exporters.tables" in loaded
    assert not {"sistercity.publish.exporters.html", "sistercity.publish.exporters.gexf",
                "sistercity.publish.exporters.geo"} & set(loaded)


def test_default_paths(tmp_path: Path) -> None:
    assert default_path(tmp_path, "world", Format.GEXF) == tmp_path / "world.gexf"
    assert default_path(tmp_path, "case", Format.CSV) == tmp_path / "case.nodes.csv"


def test_unwritable_path_is_an_export_error_and_leaves_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    view = build_view(fixture_store(), parse_view("case"))
    with pytest.raises(ExportError, match="cannot write .*not-a-folder"):
        export(view, Format.CYJS, out=blocker / "case.cyjs")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_all_formats_for_case_and_world(tmp_path: Path) -> None:
    run = export_views(fixture_store(), [ViewSpec(ViewKind.CASE), ViewSpec(ViewKind.WORLD)],
                       list(Format), folder=tmp_path)
    names = sorted(p.name for p in run.written)
    assert "case.graphml" in names and "world.gexf" in names and "case.svg" in names
    assert "world.svg" not in names and run.skipped == ()
    assert sorted(p.name for p in tmp_path.iterdir()) == names


def test_empty_view_alone_is_a_usage_error(tmp_path: Path) -> None:
    import pyoxigraph as ox

    with pytest.raises(UsageError, match="case view is empty"):
        export_views(ox.Store(), [ViewSpec(ViewKind.CASE)], [Format.CSV], folder=tmp_path)
