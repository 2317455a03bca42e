"""`sistercity release`: the ontology, vocabularies and shapes as a release in dist/release/."""

from __future__ import annotations

from pathlib import Path

import click

from sistercity.core.paths import project_root
from sistercity.publish.built import load_built, open_build
from sistercity.publish.release import write_release


@click.command("release")
@click.option("--dist", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the built graph (default: ROOT/dist); the release goes to DIST/release.")
def command(dist: Path | None) -> None:
    """Write the ontology release of the build into dist/release/: the merged ontology
    (sistercity.owl, RDF/XML, and sistercity.ttl), each module, vocabulary and shapes file on its
    own with owl:versionIRI, a catalog-v001.xml in every folder (Protégé opens any file offline),
    context.jsonld and void.ttl (VoID/DCAT of the built dataset).

    Exits 1 when there is no build, or an input changed since it was built.
    """
    root = project_root()
    folder = dist or root / "dist"
    built = open_build(folder)
    release = write_release(built, root, load_built(folder), out=folder / "release")
    click.echo(f"released version {release.version}: {len(release.documents)} documents, "
               f"{len(release.files)} files in {release.folder}")
