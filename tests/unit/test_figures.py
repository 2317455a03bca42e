"""`sistercity figures`: every figure drawn from the export fixture, its marks counted against the
data, its PNG read back, its index page opened in Chromium."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from sistercity.publish.figures import FigureRun, write_figures
from tests.unit.test_export_html import CHROMIUM
from tests.unit.test_export_views import fixture_store

# Bars are <g id="patch_N"> in matplotlib's SVG, after the figure's and the axes' backgrounds
# and the two visible spines.
FRAME_PATCHES = 4


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> FigureRun:
    return write_figures(fixture_store(), out=tmp_path_factory.mktemp("figures"), with_world=True)


def bars_in_svg(path: Path) -> int:
    return len(re.findall(r'<g id="patch_\d+"', path.read_text(encoding="utf-8"))) - FRAME_PATCHES


def test_each_figure_is_a_png_and_an_svg_with_a_question_and_a_caption(run: FigureRun) -> None:
    names = [f.name for f in run.figures]
    assert names == ["case-map", "case-timeline", "outcomes-by-dimension", "degree-distribution",
                     "ties-by-distance", "top-country-pairs", "world-map"]
    folder = run.written[0].parent
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{n}.{s}" for n in names for s in ("png", "svg")] + ["index.html"])
    from matplotlib.image import imread

    for figure in run.figures:
        assert figure.question.endswith("?") and figure.caption
        image = imread(folder / f"{figure.name}.png")
        assert image.shape[0] > 200 and image.shape[1] > 400


def test_marks_match_the_data(run: FigureRun) -> None:
    figures = {f.name: f for f in run.figures}
    folder = run.written[0].parent
    # The fixture's dated nodes: the bus-reform project (2017–2018) and the master plan (2018).
    assert figures["case-timeline"].marks == bars_in_svg(folder / "case-timeline.svg") == 2
    # Three outcomes, one per dimension.
    assert figures["outcomes-by-dimension"].marks == bars_in_svg(folder / "outcomes-by-dimension.svg") == 3
    assert figures["outcomes-by-dimension"].caption == (
        "3 outcomes: Smart Environment 1, Smart Government 1, Smart Living 1.")
    # Degrees in the fixture's world: 1 (11 places), 2 (Berat), 3 (Seoul), 4 (Bandung).
    assert figures["degree-distribution"].marks == 4
    # Six distance bands; 8 twinnings with a distance (the case's Bandung–Seoul tie and the
    # Falklands tie have none).
    assert figures["ties-by-distance"].marks == bars_in_svg(folder / "ties-by-distance.svg") == 6
    assert figures["ties-by-distance"].caption.startswith("8 twinnings with a distance")
    # Ten twinnings, each between a different pair of countries.
    assert figures["top-country-pairs"].marks == bars_in_svg(folder / "top-country-pairs.svg") == 10
    # Nine arcs: every twinning but the one whose partner has no coordinates.
    assert figures["world-map"].marks == 9
    assert "1 partner place without coordinates not drawn" in figures["world-map"].caption


def test_the_case_map_is_legible_at_githubs_width(run: FigureRun) -> None:
    # GitHub shows a README picture at most about 880 px wide; SVG pt are 4/3 px.
    svg = (run.written[0].parent / "case-map.svg").read_text(encoding="utf-8")
    width = float(re.search(r'<svg[^>]* width="([\d.]+)pt"', svg).group(1))
    assert width * 4 / 3 <= 880
    sizes = [float(s) for s in re.findall(r"font-size: ?([\d.]+)px", svg)]
    assert sizes and min(sizes) >= 10
    assert svg.count("Knowledge Sharing Program (KSP)") == 1
    figure = next(f for f in run.figures if f.name == "case-map")
    assert figure.marks == 22  # every node of the fixture's case view


def test_figures_the_graph_has_no_data_for_are_said(run: FigureRun) -> None:
    assert [reason.split(":")[0] for reason in run.skipped] == ["ties by start decade",
                                                                "ties by kind"]
    index = (run.written[0].parent / "index.html").read_text(encoding="utf-8")
    assert "Not drawn" in index and "no twinning in the graph has a start year" in index
    assert index.count("<figure") == 7


def test_a_build_without_the_world_gets_the_case_figures(tmp_path: Path) -> None:
    run = write_figures(fixture_store(), out=tmp_path, with_world=False)
    assert [f.name for f in run.figures] == ["case-map", "case-timeline", "outcomes-by-dimension"]
    assert "no world twinning lists" in run.skipped[0]


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (make system-deps installs it)")
def test_the_index_renders_in_chromium_without_errors(run: FigureRun, tmp_path: Path) -> None:
    page = run.written[0].parent / "index.html"
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
         "--virtual-time-budget=4000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.count("<img") == 7
    assert "CONSOLE" not in done.stderr and "Failed to load" not in done.stderr


def test_the_readme_pictures_are_the_figures_and_legible() -> None:
    # docs/case-graph.svg is `sistercity figures`' case-map.svg of the real build (README).
    docs = Path(__file__).resolve().parents[2] / "docs"
    svg = (docs / "case-graph.svg").read_text(encoding="utf-8")
    width = float(re.search(r'<svg[^>]* width="([\d.]+)pt"', svg).group(1))
    assert width * 4 / 3 <= 880
    assert min(float(s) for s in re.findall(r"font-size: ?([\d.]+)px", svg)) >= 10
    assert "Knowledge Sharing Program (KSP)" in svg and "Places and actors" in svg
    from matplotlib.image import imread

    assert 1200 <= imread(docs / "world-map.png").shape[1] <= 1400


def test_the_readme_world_map_is_the_real_builds(world_dist: Path, tmp_path: Path) -> None:
    """The README's world map says what `sistercity figures` draws from the full build today."""
    from sistercity.publish.built import load_built

    run = write_figures(load_built(world_dist, needs_world=True), out=tmp_path, with_world=True)
    world_map = next(f for f in run.figures if f.name == "world-map")
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    alt = re.search(r"!\[([^\]]+)\]\(docs/world-map\.png\)", readme).group(1)
    assert alt.endswith("as great circles") and alt in world_map.svg.decode("utf-8")  # the map's heading
