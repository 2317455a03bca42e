"""`sistercity export FORMAT`: write a view of the built graph for Gephi, yEd, Cytoscape,
Graphviz, QGIS, spreadsheets or the browser."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sistercity.publish.exporters import EXPORTS_FOLDER, Format, export_views
from sistercity.core.paths import project_root
from sistercity.publish.exporters.views import VIEW_HELP, ViewKind, ViewSpec, parse_view
from sistercity.publish.built import load_built, open_build

ALL = "all"
FORMATS_HELP = "; ".join(f"{f.value} ({f.tool})" for f in Format)


@click.command("export", epilog=f"Formats: {FORMATS_HELP}.")
@click.argument("fmt", metavar="FORMAT", type=click.Choice([*(f.value for f in Format), ALL],
                                                           case_sensitive=False))
@click.option("--view", "view", default=None, metavar="VIEW",
              help=f"What to export: {VIEW_HELP} (default: case; with `all`, case and world).")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Output file (or folder); default: DIST/exports/VIEW.SUFFIX.")
@click.option("--depth", type=click.IntRange(min=1), default=1, show_default=True,
              help="For city:NAME views: how many twinning steps out from the city.")
@click.option("--dist", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the built graph (default: ROOT/dist).")
def command(fmt: str, view: str | None, out: Path | None, depth: int, dist: Path | None) -> None:
    """Export VIEW of the built graph as FORMAT (or every format with `all`).

    Views: `case[:SLUG]` (a curated case, default bandung-seoul: actors, agreements, projects, transfers, outcomes …),
    `world` (cities and their twinnings), `city:NAME[@COUNTRY]` (a city's ego network, with
    --depth), `country:ISO` (twinnings with a partner in the country). Names match without regard
    to case or accents: city:bagcilar finds Bağcılar.

    `dot` also renders an SVG with Graphviz, except for the world view (Graphviz takes minutes
    on ~17,000 cities): its .dot is written for you to render (e.g. `sfdp -Tsvg`).

    Exits 2 on an unknown format, view, city or country (with the closest names).
    """
    base_dist = dist or project_root() / "dist"
    formats = list(Format) if fmt.lower() == ALL else [Format(fmt.lower())]
    if view is not None:
        specs = [parse_view(view, depth=depth)]
    elif fmt.lower() == ALL:
        specs = [ViewSpec(ViewKind.CASE), ViewSpec(ViewKind.WORLD)]
    else:
        specs = [ViewSpec(ViewKind.CASE)]
    needs_world = view is not None and specs[0].kind is not ViewKind.CASE
    built = open_build(base_dist, needs_world=needs_world, purpose=f"the {view} view")
    if view is None and not built.with_world and len(specs) > 1:  # `all` on a --no-world build
        specs = [s for s in specs if s.kind is ViewKind.CASE]
        click.echo(f"skipped: the world view (the build in {base_dist} has no world lists: "
                   "it was made with --no-world)", err=True)
    titles = {str(s["slug"]): str(s["title"]) for s in built.manifest.get("studies", [])
              if s.get("slug") and s.get("title")}
    # A progress bar only for a person watching a terminal: piped or captured, stderr stays quiet.
    interactive = sys.stderr.isatty()
    steps = 1 + len(specs) * (1 + len(formats))
    with click.progressbar(length=steps, label="export", file=sys.stderr,
                           item_show_func=lambda step: step, hidden=not interactive) as bar:
        bar.update(0, "loading the built graph")
        store = load_built(base_dist)
        bar.update(1)
        result = export_views(store, specs, formats, folder=base_dist / EXPORTS_FOLDER, out=out,
                              titles=titles, prefixes=built.manifest.get("prefixes"),
                              progress=lambda step: bar.update(1, step))
    for message in result.skipped:
        click.echo(f"skipped: {message}", err=True)
    count = len(result.written)
    click.echo(f"wrote {count} file{'' if count == 1 else 's'}: "
               + ", ".join(str(p) for p in result.written))
    for note in result.left_out:
        click.echo(f"left out of {note}")
