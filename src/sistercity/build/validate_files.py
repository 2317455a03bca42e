"""``sistercity validate FILE…``: a scholar's files checked with everything their nodes may refer to.

The files are validated together with the project's sources and curated cases, the studies'
modules, shapes, sources and cases, the countries they name (ISO 3166-1 from pycountry, as typed
nodes) and the world-list cities they name (from the build cache, else from the last build in
dist/): so a case may say ``sc:inCountry id:country/de`` or ``sc:partner id:city/de/braunschweig``
without declaring Germany or Braunschweig. Only findings about the files' own nodes are reported.
The world list is never imported for a validation: that takes seconds; the cache's or the last
build's typed cities are read in a fraction of one.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from sistercity.build import dataset as ds
from sistercity.build.cache import world_types
from sistercity.build.locate import Origins
from sistercity.build.study import STUDY_FILE, core_version, find_studies
from sistercity.build.terms import core_version_findings, undefined_terms, unloaded_files
from sistercity.build.validate import ValidationResult, merge_results, validate
from sistercity.core import ntriples as nt
from sistercity.core.namespaces import ID, SC, G

_COUNTRY = str(ID) + "country/"
_CITY = str(ID) + "city/"


def validate_files(root: Path, files: Iterable[Path], *, studies: Iterable[Path] = (),
                   dist: Path | None = None) -> ValidationResult:
    """Validate ``files`` against the shapes of the core and of the studies, with what they
    refer to loaded beside them (see the module docstring); undefined terms are violations.

    A file inside a study folder (one with study.toml above it) brings its study in by itself.

    Raises:
        RdfSyntaxError: a file does not parse.
        StudyError: a study folder is unusable.
    """
    files = [Path(f) for f in files]
    own = [_study_of(f) for f in files]
    layout = ds.Layout(root, find_studies(root, [*studies, *(s for s in own if s is not None)]))
    loaded = ds.load_dataset(layout)
    data = Graph()
    origins = Origins()
    parts: dict[Path, Graph] = {}
    ds.load_files(data, files, located=origins, parts=parts)
    focus: set[Node] = set(data.subjects())
    context = loaded.union(loaded.curated_graphs)
    context.addN((s, p, o, context) for s, p, o in _places(data, context, root, dist))
    merged = Graph()
    merged.addN((s, p, o, merged) for s, p, o in context)
    merged.addN((s, p, o, merged) for s, p, o in data)
    # The files' own triples win: a finding points to the file given, not to the project's copy.
    for triple, path in loaded.located.triples.items():
        origins.triples.setdefault(triple, path)
    result = validate(merged, shapes=loaded.graph(G.SHAPES),
                      ontology=loaded.union([G.ONTOLOGY, G.VOCAB]), origins=origins, only=focus)
    checks = ValidationResult(findings=tuple(
        undefined_terms(parts, schema=loaded.union([G.ONTOLOGY, G.VOCAB]), studies=loaded.studies)
        + unloaded_files(layout.module_folders, loaded_parts=loaded.parts)
        + core_version_findings(loaded.studies, core_version())), triples_validated=0)
    return merge_results(ValidationResult(result.findings, len(data)), checks)


def _study_of(path: Path) -> Path | None:
    """The study folder a file lies in (a parent holding study.toml), if any."""
    for parent in path.resolve().parents:
        if (parent / STUDY_FILE).is_file():
            return parent
    return None


def _places(data: Graph, context: Graph, root: Path, dist: Path | None) -> list[tuple[Node, Node, Node]]:
    """Typed country and city nodes for every country or world-list city the files name that
    the project's own data does not describe."""
    named = {o for o in data.objects() if isinstance(o, URIRef)} | {
        s for s in data.subjects() if isinstance(s, URIRef)}
    missing = {n for n in named if (n, RDF.type, None) not in context and (n, RDF.type, None) not in data}
    triples: list[tuple[Node, Node, Node]] = []
    countries = sorted(n for n in missing if str(n).startswith(_COUNTRY))
    if countries:
        from sistercity.sources.countries import country_label

        for node in countries:
            code = str(node)[len(_COUNTRY):].upper()
            try:
                label = country_label(code)
            except Exception:  # not an ISO code: leave it undeclared, the shapes will say so
                continue
            triples += [(node, RDF.type, SC.Country), (node, RDFS.label, Literal(label, lang="en")),
                        (node, SC.countryCode, Literal(code))]
    cities = {str(n) for n in missing if str(n).startswith(_CITY)}
    if cities:
        triples += [t for t in nt.parse(world_types(root, dist=dist, wanted=cities))]
    return triples
