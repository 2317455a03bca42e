"""`sistercity import twinnings FILE.csv`: import a twinning list into Turtle plus a quality report."""

from __future__ import annotations

from pathlib import Path

import click

from sistercity.sources.mapping import ColumnMapping, load_mapping, mapping_from_dict
from sistercity.core.io import parse_rdf, write_text
from sistercity.sources.world import import_twinnings

_ROLES = ("city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2", "start", "status")


@click.group(name="import")
def command() -> None:
    """Import data from other sources into RDF."""


@command.command(name="twinnings")
@click.argument("csv_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--mapping", "mapping_file", type=click.Path(path_type=Path, dir_okay=False),
              help="TOML file with a [columns] table (see data/world/mapping.toml).")
@click.option("--city1", help="Column of the first city (default city1).")
@click.option("--country1", help='Column of its country; "" if the file has none.')
@click.option("--lat1", help='Column of its latitude; "" if none.')
@click.option("--lng1", help='Column of its longitude; "" if none.')
@click.option("--city2", help="Column of the partner city (default city2).")
@click.option("--country2", help='Column of the partner\'s country; "" if none (resolved by name).')
@click.option("--lat2", help='Column of the partner\'s latitude; "" if none.')
@click.option("--lng2", help='Column of the partner\'s longitude; "" if none.')
@click.option("--start", help="Column of the start date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--status", help="Column of the status (active, inactive, proposed, unclear).")
@click.option("--source", help="Slug of the source record, id/source/{slug} (default world-twin-cities).")
@click.option("--provenance", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Turtle file describing the source, copied into the output.")
@click.option("--delimiter", help="Field delimiter (default ',').")
@click.option("--no-geocode", is_flag=True, help="Skip the offline reverse-geocoding checks.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="Turtle file to write.")
@click.option("--report", type=click.Path(path_type=Path, file_okay=False),
              help="Folder for <name>-quality.md and .csv (default: beside --out).")
def twinnings(csv_file: Path, mapping_file: Path | None, provenance: Path | None, no_geocode: bool,
              out: Path, report: Path | None, **options: str | None) -> None:
    """Import the twinning list CSV_FILE: map its columns, normalise, check, write Turtle + report."""
    base = load_mapping(mapping_file) if mapping_file else ColumnMapping()
    given = {k: v for k, v in options.items() if v is not None}
    values = {**{k: getattr(base, k) for k in (*_ROLES, "source", "delimiter")}, **given}
    mapping = mapping_from_dict(values, where="options")
    build = import_twinnings(csv_file, mapping, check_coordinates=not no_geocode,
                             provenance=parse_rdf(provenance) if provenance else None)
    write_text(out, build.graph.serialize(format="turtle"))
    folder = report or out.parent
    stem = out.stem
    write_text(folder / f"{stem}-quality.md", build.quality.to_markdown())
    write_text(folder / f"{stem}-quality.csv", build.quality.to_csv())
    counts = ", ".join(f"{p.value} {n}" for p, n in build.quality.counts().items() if n)
    click.echo(f"{_count(build.rows_read, 'row')} → {_count(len(build.result.places), 'place')}, "
               f"{_count(len(build.result.twinnings), 'twinning')}; {out}")
    click.echo(f"flags: {counts or 'none'}; report {folder / f'{stem}-quality.md'}")


def _count(n: int, noun: str) -> str:
    """"1 twinning", "2 twinnings"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
