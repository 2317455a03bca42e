"""Country names of the world lists → ISO 3166-1 alpha-2, via pycountry and the override table."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sistercity.core.errors import ImportProblem
from sistercity.sources.countries import CountryMethod, country_label, load_resolver, read_overrides


@pytest.fixture(scope="module")
def resolver():
    return load_resolver()


@pytest.mark.parametrize(("name", "iso2", "method"), [
    ("Albania", "AL", CountryMethod.ISO),
    ("South Korea", "KR", CountryMethod.ISO),
    ("Turkey", "TR", CountryMethod.TABLE),          # pycountry says Türkiye
    ("Kosovo", "XK", CountryMethod.TABLE),          # not in ISO 3166-1
    ("Palestine", "PS", CountryMethod.TABLE),
    ("England, United Kingdom", "GB", CountryMethod.TABLE),
    ("Réunion, France", "RE", CountryMethod.TABLE),
    ("Falkland Islands", "FK", CountryMethod.TABLE),
    ("American Samoa", "AS", CountryMethod.ISO),
    ("Bavaria, Germany", "DE", CountryMethod.SUFFIX),  # not in the table: last comma part
])
def test_names_map_to_codes(resolver, name, iso2, method):
    match = resolver.resolve(name)
    assert match is not None and (match.iso2, match.method) == (iso2, method)


def test_every_country_name_in_the_world_list_maps(resolver, repo_root: Path):
    with (repo_root / "data/world/twin_cities.csv").open(encoding="utf-8") as handle:
        names = {row[k] for row in csv.DictReader(handle) for k in ("country1", "country2")}
    assert len(names) == 238
    unmapped = sorted(n for n in names if n and resolver.resolve(n) is None)
    assert unmapped == []


def test_unknown_name_is_none(resolver):
    assert resolver.resolve("Neverland") is None
    assert resolver.resolve("") is None


def test_labels_prefer_common_names():
    assert country_label("KR") == "South Korea"
    assert country_label("RU") == "Russian Federation"
    assert country_label("TW") == "Taiwan"
    assert country_label("XK") == "Kosovo"


def test_override_rows_need_a_reason_and_a_real_code():
    with pytest.raises(ImportProblem, match="no reason"):
        read_overrides("name,iso2,reason\nAtlantis,GR,\n")
    with pytest.raises(ImportProblem, match="not an ISO 3166-1"):
        read_overrides("name,iso2,reason\nAtlantis,QQ,sunk\n")
