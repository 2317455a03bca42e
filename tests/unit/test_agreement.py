"""The source-agreement report on real rows of the three world sources (tests/data/world/agreement)."""

from __future__ import annotations

import csv
import io

import pytest

from sistercity.analysis.agreement import CSV_HEADER, source_agreement
from sistercity.core.namespaces import ID
from tests.unit.world_rows import import_excerpt


@pytest.fixture(scope="module")
def agreement(repo_root):
    return source_agreement(import_excerpt(repo_root))


def _rows(agreement) -> dict[str, dict[str, str]]:
    return {r["twinning"]: r for r in csv.DictReader(io.StringIO(agreement.to_csv()))}


def test_berlin_paris_two_sources_and_two_start_years(agreement):
    # German rows 571 (Paris, 1987), 577 (Paris (20. Bezirk), 2000), 589 (Paris (12. Bezirk), 2000),
    # rows 1-3 of the excerpt, and Wikidata row 6737 (excerpt row 2) are one pair; the German list
    # gives two years for it. (The full world's figures: tests/unit/test_world_full.py.)
    row = _rows(agreement)[str(ID["twinning/de-berlin--fr-paris"])]
    assert row["sources"] == "eu-wikidata-sister-cities; german-twin-towns"
    assert row["start_years"] == "german-twin-towns=1987 2000"
    assert row["rows"] == "eu-wikidata-sister-cities=2; german-twin-towns=1 2 3"
    assert row["kinds"] == "eu-wikidata-sister-cities=twinned-administrative-body; german-twin-towns=partnership"
    assert (row["start_conflict"], row["kind_conflict"]) == ("true", "false")
    assert [p.twinning.label for p in agreement.start_conflicts()] == ["Berlin – Paris"]
    assert agreement.kind_conflicts() == []


def test_a_pair_is_lacked_only_by_a_source_that_covers_both_places(agreement):
    rows = _rows(agreement)
    # Wikidata lists Halle's ties (row 9303) and names Gyumri (row 296), but not Gyumri – Halle.
    assert rows[str(ID["twinning/am-gyumri--de-halle"])]["lacked_by"] == "eu-wikidata-sister-cities"
    # Mont-de-Marsan is in no other source: nobody lacks Gyumri – Mont-de-Marsan.
    assert rows[str(ID["twinning/am-gyumri--fr-mont-de-marsan"])]["lacked_by"] == ""
    # The Wikipedia rows list Gyumri's ties but never name Plovdiv: they do not cover Plovdiv – Gyumri.
    assert rows[str(ID["twinning/am-gyumri--bg-plovdiv"])]["lacked_by"] == ""
    assert agreement.lacking() == [("world-twin-cities", "eu-wikidata-sister-cities", 1)]


def test_counts_and_report(agreement):
    assert agreement.by_count() == {1: 4, 2: 1, 3: 0}
    assert len(_rows(agreement)) == 5
    assert next(csv.reader(io.StringIO(agreement.to_csv()))) == CSV_HEADER
    text = agreement.to_markdown()
    assert "| eu-wikidata-sister-cities + german-twin-towns | 1 |" in text
    assert ("- Berlin – Paris (Berlin (DE) – Paris (FR)): german-twin-towns=1987 2000 "
            "(eu-wikidata-sister-cities=2; german-twin-towns=1 2 3)") in text
    assert "Sources that give start years: `german-twin-towns`." in text
