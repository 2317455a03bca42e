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
    assert in_holland.iso2 == "NL" and in_holland.method.startswith("the place it belongs to, 'Molenwaard'")
    without = gazetteer.resolve("Nieuwpoort (Molenwaard)")
    assert without.iso2 is None
    assert "'Nieuwpoort' alone lies in BE, but the list qualifies it" in without.method


def test_a_sources_place_joins_the_candidates(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Calabria").iso2 == "IT"
    widened = gazetteer.with_places([("Calabria", "US")])
    assert widened.resolve("Calabria").iso2 is None
    assert widened.resolve("Andalusia").candidates == gazetteer.resolve("Andalusia").candidates


def test_a_place_no_one_names_resolves_by_what_lies_around_its_coordinates(gazetteer: Gazetteer) -> None:
    # twin_cities.csv row 56: Kavajë – Saronikos (Greece), a municipality no GeoNames place is called.
    assert gazetteer.resolve("Saronikos").iso2 is None
    found = gazetteer.resolve("Saronikos", point=("37.8333", "23.9167"))
    assert found.iso2 == "GR" and found.method.startswith("no place of that name; its coordinates lie")
    at_sea = gazetteer.resolve("Saronikos", point=("36.0", "-30.0"))  # mid-Atlantic: nothing near
    assert at_sea.iso2 is None


def test_coordinates_do_not_choose_between_namesakes_the_sources_know(gazetteer: Gazetteer) -> None:
    # twin_cities.csv row 307: Yerevan – Cambridge, "United States", at the coordinates of Cambridge,
    # England; the list's first column knows a Cambridge in both countries.
    point = ("52.205", "0.1225")
    both = gazetteer.with_places([("Cambridge", "GB"), ("Cambridge", "US")]).resolve("Cambridge", point=point)
    assert both.iso2 is None and {"GB", "US"} <= set(both.candidates)
    one = gazetteer.with_places([("Cambridge", "GB")]).resolve("Cambridge", point=point)
    assert one.iso2 == "GB" and one.method == "GeoNames place of that name within 25 km"
