"""`sistercity build`: load, validate, reason and write dist/."""

from __future__ import annotations

from pathlib import Path

import click

from ..build import build
from ..paths import project_root


@click.command("build")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Project folder (default: found from the working directory).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: ROOT/dist).")
@click.option("--warnings-ok/--no-warnings-ok", default=True, show_default=True,
              help="Accept SHACL warnings (incomplete data); violations always fail the build.")
@click.option("--no-world", is_flag=True, help="Leave out the world twinning network (faster).")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors and the final line.")
def command(root: Path | None, out: Path | None, warnings_ok: bool, no_world: bool, quiet: bool) -> None:
    """Build the knowledge graph into dist/: sistercity.trig (every named graph, inferred
    included), sistercity.ttl (their union), sistercity.nq and build-report.md.

    Exits 1 on a syntax error, a SHACL violation or an inconsistent ontology, leaving dist/ as it was.
    """
    base = root or project_root()
    progress = None if quiet else (lambda step: click.echo(f"  {step}", err=True))
    result = build(base, out=out or base / "dist", warnings_ok=warnings_ok, with_world=not no_world,
                   progress=progress)
    if not quiet:
        click.echo(result.validation.summary(), err=True)
    click.echo(f"built {len(result.outputs)} files in {result.timings.total:.1f} s: "
               + ", ".join(str(p) for p in result.outputs))
