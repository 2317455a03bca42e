"""Network metrics: small graphs with known answers, and the sample of real rows."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Literal
from rdflib.namespace import RDF, XSD

from sistercity.sources.mapping import ColumnMapping
from sistercity.core.namespaces import ID, SC
from sistercity.analysis.network import analyse, betweenness, communities, components, country_network, twinning_network
from sistercity.sources.world import import_twinnings

DATA = Path(__file__).resolve().parents[1] / "data" / "world"


@pytest.fixture(scope="module")
def world():
    return import_twinnings(DATA / "sample.csv", ColumnMapping(), check_coordinates=False).graph


def test_network_of_the_sample(world):
    net = twinning_network(world)
    assert net.degree[ID["city/al/berat"]] == 4  # Amasya, Bağcılar, Bérat, Prizren
    assert net.degree[ID["city/id/bandung"]] == 3  # Namur, Cotabato City, Suwon
    assert net.nodes[ID["city/id/bandung"]]["country"] == "ID"


def test_betweenness_matches_networkx_exactly_and_when_sampled():
    g = nx.relabel_nodes(nx.karate_club_graph(), lambda i: f"n{i:02d}")
    exact = nx.betweenness_centrality(g)
    ours = betweenness(g)
    assert max(abs(exact[k] - ours[k]) for k in g) < 1e-12
    sampled = betweenness(g, sample=33)  # all but one source: close to exact
    assert max(abs(exact[k] - sampled[k]) for k in g) < 0.05


def test_components_and_communities_are_deterministic():
    g = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])
    assert components(g) == {"a": 0, "b": 0, "c": 0, "x": 1, "y": 1}
    karate = nx.relabel_nodes(nx.karate_club_graph(), lambda i: f"n{i:02d}")
    first, q1 = communities(karate)
    second, q2 = communities(karate)
    assert first == second and q1 == q2 and q1 > 0.35


def test_analytics_graph(world):
    result = analyse(world, sample=None)
    g = result.graph
    berat = ID["city/al/berat"]
    assert g.value(berat, SC.degree) == Literal(4, datatype=XSD.nonNegativeInteger)
    km = float(g.value(ID["twinning/al-berat--tr-amasya"], SC.greatCircleKm))
    assert 1330 < km < 1350  # Berat (19.96 E) to Amasya (35.83 E) along ~40.7 N
    pair = ID["country-pair/al--tr"]
    assert (pair, RDF.type, SC.CountryPair) in g
    assert g.value(pair, SC.countryPairCount) == Literal(2, datatype=XSD.nonNegativeInteger)
    assert result.figures["betweenness"] == "exact"
    assert "world-country-pairs.csv" in result.csv_tables()
    assert len(world) > 0 and (berat, SC.degree, None) not in world  # input untouched


def test_country_network_counts(world):
    countries = country_network(twinning_network(world))
    assert countries["AL"]["TR"]["weight"] == 2
