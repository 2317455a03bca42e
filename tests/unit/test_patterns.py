"""Network patterns (decades, distance bands, continents, assortativity, population homophily) on
real rows of the three world sources (tests/data/world/agreement), and their triples against the
patterns shapes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal
from rdflib.namespace import RDF, XSD

from sistercity.analysis.network import import_network
from sistercity.analysis.patterns import analyse_patterns
from sistercity.core import ntriples as nt
from sistercity.core.namespaces import ID, SC
from sistercity.sources.regions import load_regions
from tests.unit.world_rows import ROWS, import_excerpt


@pytest.fixture(scope="module")
def patterns(repo_root):
    return analyse_patterns(import_network(import_excerpt(repo_root)), load_regions())


def test_decades_from_the_earliest_start_year(patterns):
    # Berlin – Paris: the German list gives 1987 and 2000; it counts once, in the 1980s.
    assert patterns.by_year == ((1987, 1),)
    assert patterns.by_decade() == [(1980, 1)]


def test_distance_bands_against_the_wikidata_distances(patterns):
    # Wikidata's own `dist` column (km) for its three rows: Plovdiv – Gyumri, Berlin – Paris, Halle – Savannah.
    with (ROWS / "eu-wikidata-sister-cities.tsv").open(encoding="utf-8", newline="") as handle:
        stated = [int(r["dist"]) for r in csv.DictReader(handle, delimiter="\t")]
    assert stated == [1594, 876, 7476]
    bands = {lo: n for lo, _, n in patterns.by_band}
    # + Gyumri – Halle (2,800 km) and Gyumri – Mont-de-Marsan (3,600 km) of the Wikipedia rows
    assert bands == {0: 0, 100: 0, 500: 1, 1000: 1, 2500: 2, 5000: 1, 10000: 0}


def test_continents_and_regions(patterns):
    assert dict(((a, b), n) for a, b, n in patterns.continent_pairs) == {
        ("asia", "europe"): 3, ("europe", "europe"): 1, ("europe", "north-america"): 1}
    assert ("western-asia", "western-europe", 2) in patterns.region_pairs
    assert patterns.figures["share_within_continent"] == 0.2


def test_population_homophily_needs_three_pairs(patterns):
    # Wikidata gives both populations for two pairs only (Berlin – Paris, Halle – Savannah).
    assert patterns.figures["population_pairs"] == 2
    assert "population_correlation_log" not in patterns.figures


def test_triples_conform_to_the_patterns_shapes(patterns, repo_root):
    data = nt.parse(patterns.ntriples())
    band = ID["distance-band/500-1000"]
    assert (band, RDF.type, SC.DistanceBand) in data
    assert data.value(band, SC.twinningCount) == Literal(1, datatype=XSD.nonNegativeInteger)
    assert data.value(ID["decade/1980"], SC.decade) == Literal(1980, datatype=XSD.nonNegativeInteger)
    shapes = Graph().parse(repo_root / "ontology" / "shapes" / "patterns.shapes.ttl")
    conforms, _, text = validate(data, shacl_graph=shapes)
    assert conforms, text
    broken = nt.parse(patterns.ntriples().replace('"0.2000"', '"1.5"'))
    assert not validate(broken, shacl_graph=shapes)[0]
