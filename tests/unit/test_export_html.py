"""The offline HTML explorer, opened in headless Chromium: it reports its state into the page."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sistercity.publish.exporters import Format, export
from sistercity.publish.exporters.selection import build_view
from sistercity.publish.exporters.views import parse_view
from tests.unit.test_export_views import fixture_store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def open_in_chromium(page: Path, fragment: str, profile: Path) -> dict:
    """Load ``page#fragment`` headless, offline, and return its self-test state."""
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={profile}", "--virtual-time-budget=8000", "--dump-dom",
         f"{page.as_uri()}#{fragment}"],
        capture_output=True, text=True, timeout=120, check=True)
    found = re.search(r'<pre id="selftest">(.*?)</pre>', done.stdout, re.DOTALL)
    assert found, "the page wrote no self-test"
    return json.loads(html.unescape(found.group(1)))


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    store = fixture_store()
    folder = tmp_path_factory.mktemp("html")
    return {name: export(build_view(store, parse_view(name)), Format.HTML,
                         out=folder / f"{name}.html")[0] for name in ("case", "world")}


def test_page_is_self_contained(pages: dict[str, Path]) -> None:
    text = pages["case"].read_text(encoding="utf-8")
    assert "vis-network" in text and "new vis.Network" in text
    # Nothing is loaded from elsewhere: no external scripts, styles or images.
    assert not re.search(r'<(script|link|img)[^>]+(src|href)=', text)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (make system-deps installs it)")
@pytest.mark.parametrize("name, nodes, edges, first", [
    ("case", 22, 52, "Bandung"),
    ("world", 14, 10, "Bandung"),
])
def test_chromium_draws_the_graph_and_finds_bandung(pages: dict[str, Path], tmp_path: Path,
                                                    name: str, nodes: int, edges: int,
                                                    first: str) -> None:
    state = open_in_chromium(pages[name], "search=bandung", tmp_path / "profile")
    assert state["errors"] == []
    assert (state["nodes"], state["edges"], state["visible"]) == (nodes, edges, nodes)
    assert state["drawn"] is True
    assert state["search"]["selected"] == first
    if name == "case":
        assert "Bandung City Government" in state["search"]["matches"]
