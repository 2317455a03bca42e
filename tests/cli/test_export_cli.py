"""`sistercity export`: formats, views, output paths and exit codes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from sistercity.build.dist import manifest, write_manifest
from sistercity.cli import main
from tests.unit.test_export_views import fixture_store


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dist")
    with (folder / "sistercity.nq").open("wb") as handle:
        fixture_store().dump(handle, format=ox.RdfFormat.N_QUADS)
    write_manifest(folder, manifest(root=folder, inputs=[], options={"with_world": True},
                                    files=["sistercity.nq"], graphs={}))
    return folder


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["export", *args])
    return result.exit_code, result.stdout, result.stderr


def test_all_writes_every_format_for_case_and_world(dist: Path) -> None:
    code, out, _ = run("all", "--dist", str(dist))
    assert code == 0, out
    names = {p.name for p in (dist / "exports").iterdir()}
    for view in ("case", "world"):
        for suffix in (".graphml", ".gexf", ".cyjs", ".style.json", ".dot", ".geojson",
                       ".nodes.csv", ".edges.csv", ".html"):
            assert view + suffix in names
    assert "case.svg" in names and "world.svg" not in names
    assert out.startswith("wrote 19 files: ")  # 10 for the case (with its SVG), 9 for the world
    # What the world view leaves out is said once, after the files.
    assert out.count("wrote") == 1
    assert out.splitlines()[-1] == (
        "left out of world: 1 partner place without coordinates (Falkland Islands (Malvinas)): "
        "1 twinning with it is in every file but not drawn on a map")


def test_one_format_one_view_to_a_chosen_file(dist: Path, tmp_path: Path) -> None:
    target = tmp_path / "bagcilar.gexf"
    code, out, err = run("gexf", "--view", "city:bagcilar", "--depth", "2", "--out", str(target),
                         "--dist", str(dist))
    assert code == 0 and target.exists()
    assert out == f"wrote 1 file: {target}\n" and err == ""
    assert "Bérat" in target.read_text(encoding="utf-8")  # two steps: Bağcılar, Berat, Bérat


@pytest.mark.parametrize("args, message", [
    (["pdf"], "'pdf' is not one of 'graphml', 'gexf', 'cyjs', 'dot', 'geojson', 'csv', 'html', 'all'"),
    (["csv", "--view", "planet"], "unknown view 'planet'"),
    (["csv", "--view", "city:Bandunj"], "Closest: Bandung@ID"),
    (["csv", "--view", "city:berat"], "choose one of city:Berat@AL, city:Bérat@FR"),
])
def test_unknown_names_exit_2_with_the_valid_ones(dist: Path, args: list[str], message: str) -> None:
    code, _, err = run(*args, "--dist", str(dist))
    assert code == 2 and message in err


def test_unwritable_output_exits_1_with_a_message(dist: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, _, err = run("graphml", "--out", str(blocker / "case.graphml"), "--dist", str(dist))
    assert code == 1 and "cannot write" in err and "writable --out" in err


def test_a_world_view_of_a_build_without_the_world_exits_1(tmp_path: Path) -> None:
    (tmp_path / "sistercity.nq").write_text("")
    write_manifest(tmp_path, manifest(root=tmp_path, inputs=[], options={"with_world": False},
                                      files=["sistercity.nq"], graphs={}))
    code, _, err = run("geojson", "--view", "country:KR", "--dist", str(tmp_path))
    assert code == 1 and "needs the world twinning lists" in err and "--no-world" in err


def test_missing_build_says_to_build(tmp_path: Path) -> None:
    code, _, err = run("csv", "--dist", str(tmp_path))
    assert code == 1 and "sistercity build" in err
