"""Continent and UN M49 region of every country, from country_converter's data table.

country_converter (coco) is maintained and carries, for every ISO 3166-1 country, its UN M49
sub-region ("Western Europe") and a seven-continent assignment ("South America"). Importing the
package costs about 0.5 s (it loads pandas); its table is a TSV file inside the package, which
this module reads with the csv module in a few milliseconds (bench/bench_world.py measures both)
without executing the package. pycountry_convert was the other candidate: it has continents only,
no M49 regions, and lacks eight codes the lists use (TL, VA, EH, SX …).
"""

from __future__ import annotations

import csv
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sistercity.core.errors import ImportProblem
from sistercity.sources.countries import USER_ASSIGNED
from sistercity.sources.identity import slugify

# The UN M49 sub-regions and regions (codes of the M49 standard); ontology/vocab/un-subregion.ttl
# holds the same concepts, and tests keep the two equal.
M49_SUBREGIONS = {
    "northern-africa": ("015", "africa"), "eastern-africa": ("014", "africa"),
    "middle-africa": ("017", "africa"), "southern-africa": ("018", "africa"),
    "western-africa": ("011", "africa"), "caribbean": ("029", "americas"),
    "central-america": ("013", "americas"), "south-america": ("005", "americas"),
    "northern-america": ("021", "americas"), "central-asia": ("143", "asia"),
    "eastern-asia": ("030", "asia"), "south-eastern-asia": ("035", "asia"),
    "southern-asia": ("034", "asia"), "western-asia": ("145", "asia"),
    "eastern-europe": ("151", "europe"), "northern-europe": ("154", "europe"),
    "southern-europe": ("039", "europe"), "western-europe": ("155", "europe"),
    "australia-and-new-zealand": ("053", "oceania"), "melanesia": ("054", "oceania"),
    "micronesia": ("057", "oceania"), "polynesia": ("061", "oceania"),
    "antarctica": ("010", ""),
}
M49_REGIONS = {"africa": "002", "americas": "019", "asia": "142", "europe": "150", "oceania": "009"}
CONTINENTS = ("africa", "antarctica", "asia", "europe", "north-america", "oceania", "south-america")


@dataclass(frozen=True)
class CountryRegion:
    """Where a country lies: its continent (seven-continent model) and UN M49 sub-region."""

    continent: str  # slug of a vocab/continent concept
    m49_subregion: str  # slug of a vocab/un-subregion concept


def _table_path() -> Path:
    spec = importlib.util.find_spec("country_converter")
    if spec is None or not spec.submodule_search_locations:
        raise ImportProblem("country_converter is not installed; run pip install -e . in the project")
    return Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"


@lru_cache(maxsize=1)
def load_regions() -> dict[str, CountryRegion]:
    """ISO 3166-1 alpha-2 code → continent and M49 sub-region, for every country coco knows."""
    out: dict[str, CountryRegion] = {}
    with _table_path().open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            # a few ISO2 cells are coco's matching patterns ("^GB$|^UK$"): the first code is ISO's
            code = row["ISO2"].split("|")[0].strip("^$")
            sub, continent = slugify(row["UNregion"]), slugify(row["Continent_7"])
            if len(code) == 2 and sub in M49_SUBREGIONS and continent in CONTINENTS:
                out[code] = CountryRegion(continent, sub)
    for code in USER_ASSIGNED:  # Kosovo: coco's row has no ISO2 code
        out.setdefault(code, CountryRegion("europe", "southern-europe"))
    return out
