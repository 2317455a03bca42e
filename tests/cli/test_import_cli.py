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


def _write(path: Path, text: str, *, bom: bool = False) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


NO_COORDINATES = ["--lat1", "", "--lng1", "", "--lat2", "", "--lng2", "", "--no-geocode"]


def test_turtle_uses_the_project_prefixes(tmp_path):
    out = tmp_path / "sample.ttl"
    result = CliRunner().invoke(main, ["import", "twinnings", str(DATA / "sample.csv"),
                                       "--no-geocode", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "@prefix sc: <https://w3id.org/sistercity/ontology#> ." in text
    assert "ns1:" not in text and "sc:Twinning" in text


def test_counts_are_singular_and_plural(tmp_path):
    one = _write(tmp_path / "one.csv", "city1,country1,city2,country2\nBerat,Albania,Amasya,Turkey\n")
    result = CliRunner().invoke(main, ["import", "twinnings", str(one), *NO_COORDINATES,
                                       "--out", str(tmp_path / "one.ttl")])
    assert result.exit_code == 0, result.output
    assert "1 row → 2 places, 1 twinning;" in result.output
    two = _write(tmp_path / "two.csv", "city1,country1,city2,country2\nBerat,Albania,Amasya,Turkey\n"
                                       "Berat,Albania,Bérat,France\n")
    result = CliRunner().invoke(main, ["import", "twinnings", str(two), *NO_COORDINATES,
                                       "--out", str(tmp_path / "two.ttl")])
    assert "2 rows → 3 places, 2 twinnings;" in result.output


def test_byte_order_mark_is_accepted(tmp_path):
    bom = _write(tmp_path / "bom.csv", "city1,country1,city2,country2\nBerat,Albania,Amasya,Turkey\n",
                 bom=True)
    out = tmp_path / "bom.ttl"
    result = CliRunner().invoke(main, ["import", "twinnings", str(bom), *NO_COORDINATES, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (ID["twinning/al-berat--tr-amasya"], SC.partner, ID["city/al/berat"]) in Graph().parse(out)


def test_other_delimiter_is_named_with_the_option_to_use(tmp_path):
    semi = _write(tmp_path / "semi.csv", "city1;country1;city2;country2\nBerat;Albania;Amasya;Turkey\n")
    out = tmp_path / "semi.ttl"
    result = CliRunner().invoke(main, ["import", "twinnings", str(semi), *NO_COORDINATES, "--out", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "semi.csv:1: the header looks like ';' — use `--delimiter ';'`" in result.output
    result = CliRunner().invoke(main, ["import", "twinnings", str(semi), "--delimiter", ";",
                                       *NO_COORDINATES, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 twinning;" in result.output


def test_tab_delimiter_is_named_and_accepted_as_backslash_t(tmp_path):
    tab = _write(tmp_path / "tab.tsv", "city1\tcountry1\tcity2\tcountry2\nBerat\tAlbania\tAmasya\tTurkey\n")
    out = tmp_path / "tab.ttl"
    result = CliRunner().invoke(main, ["import", "twinnings", str(tab), *NO_COORDINATES, "--out", str(out)])
    assert result.exit_code == 1 and "looks like '\\t' — use `--delimiter '\\t'`" in result.output
    result = CliRunner().invoke(main, ["import", "twinnings", str(tab), "--delimiter", "\\t",
                                       *NO_COORDINATES, "--out", str(out)])
    assert result.exit_code == 0, result.output
