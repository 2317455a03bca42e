"""`sistercity build`: load, validate, reason and write dist/."""

from __future__ import annotations

from pathlib import Path

import click

from sistercity.build.cache import Cache
from sistercity.build.pipeline import build
from sistercity.core.paths import project_root


@click.command("build")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Project folder (default: found from the working directory).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: ROOT/dist).")
@click.option("--warnings-ok/--no-warnings-ok", default=True, show_default=True,
              help="Accept SHACL warnings (incomplete data); violations always fail the build.")
@click.option("--no-world", is_flag=True, help="Leave out the world twinning network (faster).")
@click.option("--jobs", "-j", type=click.IntRange(1, 2), default=2, show_default=True,
              help="Processes that work at once: 2 runs SHACL, the RL closure and HermiT beside the "
                   "build; 1 runs every step in this process, one after the other.")
@click.option("--study", "studies", multiple=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A study folder (with study.toml) to build with the core; repeatable. Studies "
                   "under ROOT/studies/ are always included.")
@click.option("--no-cache", is_flag=True,
              help="Import and validate the world lists again instead of reading them from the "
                   "build cache (ROOT/.cache/sistercity/, or $SISTERCITY_CACHE), and keep nothing there.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors and the final line.")
def command(root: Path | None, out: Path | None, warnings_ok: bool, no_world: bool, jobs: int,
            studies: tuple[Path, ...], no_cache: bool, quiet: bool) -> None:
    """Build the knowledge graph into dist/: sistercity.trig (every named graph, inferred
    included), sistercity.ttl (their union), sistercity.nq, build-report.md and manifest.json;
    whatever an earlier build wrote there is replaced or removed.

    The world import and its SHACL validation come from the build cache when their inputs
    (code, libraries, data/world/, ontology and shapes) are unchanged: editing a case skips them.

    Exits 1 on a syntax error, a SHACL violation or an inconsistent ontology, leaving dist/ as it was.
    """
    base = root or project_root()
    progress = None if quiet else (lambda step: click.echo(f"  {step}", err=True))
    result = build(base, out=out or base / "dist", warnings_ok=warnings_ok, with_world=not no_world,
                   jobs=jobs, progress=progress, studies=studies,
                   cache=Cache.for_project(base, enabled=not no_cache))
    if not quiet:
        for study in result.loaded.studies:
            click.echo(f"  study {study.slug}: {study.title} ({study.folder})", err=True)
        if result.from_cache:
            click.echo("  from the build cache: " + ", ".join(result.from_cache), err=True)
        click.echo(result.validation.summary(), err=True)
    count = len(result.outputs)
    click.echo(f"built {count} file{'' if count == 1 else 's'} in {result.timings.total:.1f} s: "
               + ", ".join(str(p) for p in result.outputs))
