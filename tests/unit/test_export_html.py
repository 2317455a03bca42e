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
@pytest.mark.parametrize("name, nodes, edges, on_map, neighbourhood", [
    # Bandung and its 7 neighbours: its government, country, twinning, the seminar held there,
    # the transfer it hosts, the investment it received, and its source.
    ("case", 22, 52, None, 1 + 7),
    # Bandung and its four partners; the Falkland Islands are listed but not on the map.
    ("world", 14, 10, 13, 1 + 4),
])
def test_chromium_draws_the_graph_and_finds_bandung(pages: dict[str, Path], tmp_path: Path,
                                                    name: str, nodes: int, edges: int,
                                                    on_map: int | None, neighbourhood: int) -> None:
    state = open_in_chromium(pages[name], "search=bandung", tmp_path / "profile")
    assert state["errors"] == []
    assert (state["nodes"], state["edges"], state["on_map"]) == (nodes, edges, on_map)
    assert state["visible"] == (on_map or nodes)
    assert state["drawn"] is True
    assert state["search"]["selected"] == "Bandung"
    # Neighbourhood mode: the selected node and its neighbours stay, the rest fades.
    assert state["neighbourhood"] == neighbourhood
    if name == "case":
        assert "Bandung City Government" in state["search"]["matches"]
        assert state["bands"] == ["Places and actors", "Agreements",
                                  "Advocacy programme, projects, stages and events",
                                  "Policy transfers", "Outcomes by dimension", "Sources"]
        assert state["legend"][:3] == ["actor", "place", "outcome"]
        # The dated nodes of the fixture: the bus-reform project (2017–2018) and the plan (2018).
        assert state["timeline"] == 2
    else:
        assert state["legend"][0] == "Bandung, Seoul, Namur (3 cities)"


def test_map_pages_carry_the_coastlines_and_the_notes(pages: dict[str, Path]) -> None:
    from sistercity.publish.exporters.html import page_data
    from tests.unit.test_export_views import fixture_store

    world = page_data(build_view(fixture_store(), parse_view("world")))
    basemap = world["basemap"]
    assert len(basemap["land"]) > 100 and len(basemap["borders"]) > 100
    lons = [v for shape in basemap["land"] for v in shape[0::2]]
    assert min(lons) >= -180 and max(lons) <= 180
    assert world["left_out"] and "Falkland Islands" in world["left_out"][0]
    case = page_data(build_view(fixture_store(), parse_view("case")))
    assert "basemap" not in case and case["directed"] is True
    ksp = next(n for n in case["nodes"] if n["label"] == "Knowledge Sharing Program (KSP)")
    assert ksp["doc"] == "../docs/index.html#sc-AdvocacyProgramme"


def test_a_communitys_size_is_said_once_and_a_view_that_holds_part_of_it_says_so() -> None:
    from sistercity.publish.exporters.html import page_data
    from tests.unit.test_export_views import fixture_store

    world = page_data(build_view(fixture_store(), parse_view("world")))["legend"]
    assert world[0] == {"name": "Bandung, Seoul, Namur (3 cities)", "color": world[0]["color"]}
    case = page_data(build_view(fixture_store(), parse_view("case")))["legend"]
    assert all(isinstance(entry["count"], int) and entry["count"] > 0 for entry in case)
    namur = page_data(build_view(fixture_store(), parse_view("city:Namur", depth=1)))["legend"]
    assert namur == [{"name": "Bandung, Seoul, Namur (3 cities)", "color": world[0]["color"],
                      "count": "2 in this view"}]  # Namur and Bandung, its one partner
