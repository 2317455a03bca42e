"""`sistercity import twinnings`: option mapping, outputs, and clear errors."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph

from sistercity.cli import main
from sistercity.core.namespaces import ID, SC

DATA = Path(__file__).resolve().parents[1] / "data" / "world"


def test_import_writes_turtle_and_report(tmp_path):
    out = tmp_path / "sample.ttl"
    result = CliRunner().invoke(main, ["import", "twinnings", str(DATA / "sample.csv"),
                                       "--no-geocode", "--out", str(out)])
    assert result.exit_code == 0, result.output
    g = Graph().parse(out)
    assert (ID["twinning/al-berat--tr-amasya"], SC.partner, ID["city/al/berat"]) in g
    report = (tmp_path / "sample-quality.md").read_text(encoding="utf-8")
    assert "self-twinning" in report
    assert "6,self-twinning" in (tmp_path / "sample-quality.csv").read_text(encoding="utf-8")


def test_column_options_map_another_shape(tmp_path):
    out = tmp_path / "p.ttl"
    result = CliRunner().invoke(main, [
        "import", "twinnings", str(DATA / "partners_no_country.csv"), "--city1", "town",
        "--country1", "nation", "--city2", "partner", "--country2", "", "--lat1", "", "--lng1", "",
        "--lat2", "", "--lng2", "", "--no-geocode", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "unresolved-partner 1" in result.output


def test_missing_column_fails_without_output(tmp_path):
    out = tmp_path / "x.ttl"
    result = CliRunner().invoke(main, ["import", "twinnings", str(DATA / "sample.csv"),
                                       "--country2", "land2", "--out", str(out)])
    assert result.exit_code == 1
    assert "land2" in result.output and not out.exists()


def test_not_csv_fails_clearly(tmp_path):
    result = CliRunner().invoke(main, ["import", "twinnings", str(DATA / "not_csv.bin"),
                                       "--out", str(tmp_path / "x.ttl")])
    assert result.exit_code == 1 and "not_csv.bin" in result.output
