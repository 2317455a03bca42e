"""DOT, rendered by Graphviz to SVG without warnings (the case and country views)."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sistercity.publish.exporters import Format, export
from sistercity.publish.exporters.dot import render, to_svg
from sistercity.publish.exporters.selection import build_view
from sistercity.publish.exporters.views import parse_view
from tests.unit.test_export_views import fixture_store

pytestmark = pytest.mark.skipif(shutil.which("dot") is None,
                                reason="Graphviz is not installed (make system-deps installs it)")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def store():
    return fixture_store()


@pytest.mark.parametrize("name, engine", [("case", "dot"), ("country:KR", "neato"),
                                          ("city:Bağcılar", "neato")])
def test_graphviz_renders_without_warnings(store, name: str, engine: str) -> None:
    view = build_view(store, parse_view(name))
    svg, warnings = to_svg(render(view), engine=engine)
    assert warnings == ""
    titles = {t.text for t in ET.fromstring(svg).iter(SVG + "title")}
    assert {str(n) for n in view.graph} <= titles


def test_case_svg_is_written_beside_the_dot(store, tmp_path: Path) -> None:
    written = export(build_view(store, parse_view("case")), Format.DOT, out=tmp_path / "case.dot")
    assert [p.name for p in written] == ["case.dot", "case.svg"]
    text = (tmp_path / "case.svg").read_text(encoding="utf-8")
    assert "Knowledge Sharing Program" in text and "mediated by" in text  # labels wrap at 28


def test_world_dot_is_written_without_rendering(store, tmp_path: Path) -> None:
    written = export(build_view(store, parse_view("world")), Format.DOT, out=tmp_path / "world.dot")
    assert [p.name for p in written] == ["world.dot"]
    text = written[0].read_text(encoding="utf-8")
    assert text.startswith('graph "world"') and '"Bağcılar"' in text and 'pos="' in text
