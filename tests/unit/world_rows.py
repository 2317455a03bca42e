"""The real rows of the three world sources in tests/data/world/agreement, imported together."""

from __future__ import annotations

from pathlib import Path

from sistercity.sources.geocode import load_geocoder
from sistercity.sources.mapping import load_mapping
from sistercity.sources.twinnings import ImportResult
from sistercity.sources.world import import_world

ROWS = Path(__file__).resolve().parents[1] / "data" / "world" / "agreement"


def import_excerpt(repo_root: Path) -> ImportResult:
    """Import the excerpts with the world sources' own mappings, in their order of precedence."""
    world = repo_root / "data" / "world"
    sources = [(ROWS / "twin_cities.csv", load_mapping(world / "mapping.toml")),
               (ROWS / "eu-wikidata-sister-cities.tsv",
                load_mapping(world / "sources" / "eu-wikidata-sister-cities.mapping.toml")),
               (ROWS / "german-twin-towns.csv", load_mapping(world / "sources" / "german-twin-towns.mapping.toml"))]
    return import_world(sources, geocoder=load_geocoder(), store="none").result
