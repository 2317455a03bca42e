"""Tests of sources.gazetteer on the real GeoNames table, with partner names of twin_cities.csv."""

from __future__ import annotations

import pytest

from sistercity.sources.gazetteer import Gazetteer, load_gazetteer
from sistercity.sources.geocode import load_geocoder


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer(load_geocoder())


@pytest.mark.parametrize(("name", "iso2", "said"), [
    ("Blue Ash, Ohio", "US", "in subdivision 'Ohio'"),
    ("Stari Grad (Sarajevo)", "BA", "the place it belongs to, 'Sarajevo'"),
    ("Herford (district)", "DE", "'district' is a kind of place"),
    ("Calabria", "IT", "every place and subdivision of that name"),  # a region, no populated place
])
def test_a_name_resolves_with_what_it_carries(gazetteer: Gazetteer, name: str, iso2: str, said: str) -> None:
    found = gazetteer.resolve(name)
    assert found.iso2 == iso2 and said in found.method, found


@pytest.mark.parametrize(("name", "candidates"), [
    # Andalusia, Alabama is a town; Andalusia, Spain a region: the town does not win by default.
    ("Andalusia", {"ES", "US"}),
    # The list qualifies the Dutch Nieuwpoort because of the Belgian one: the name alone is no answer.
    ("Nieuwpoort (Molenwaard)", {"BE"}),
    # GeoNames has Coventry in Rhode Island and in England, none in Connecticut.
    ("Coventry, Connecticut", {"GB/England", "US/Rhode Island"}),
])
def test_an_ambiguous_name_stays_unresolved_with_its_candidates(gazetteer: Gazetteer, name: str,
                                                                candidates: set[str]) -> None:
    found = gazetteer.resolve(name)
    assert found.iso2 is None and set(found.candidates) >= candidates, found


def test_the_partners_coordinates_decide_between_namesakes(gazetteer: Gazetteer) -> None:
    # GeoNames (places of 1,000 and more) has the Belgian Nieuwpoort only.
    on_the_coast = gazetteer.resolve("Nieuwpoort (Molenwaard)", point=("51.13", "2.75"))
    assert on_the_coast.iso2 == "BE" and on_the_coast.method.startswith("'Nieuwpoort' alone: GeoNames place")
    in_holland = gazetteer.resolve("Nieuwpoort (Molenwaard)", point=("51.93", "4.86"))
    assert in_holland.iso2 is None
    assert "'Nieuwpoort' alone lies in BE, but the list qualifies it" in in_holland.method


def test_a_sources_place_joins_the_candidates(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Calabria").iso2 == "IT"
    widened = gazetteer.with_places([("Calabria", "US")])
    assert widened.resolve("Calabria").iso2 is None
    assert widened.resolve("Andalusia").candidates == gazetteer.resolve("Andalusia").candidates
