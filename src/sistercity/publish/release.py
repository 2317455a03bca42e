"""The ontology release: merged and modular OWL (RDF/XML and Turtle), XML catalogs, JSON-LD context, VoID.

A release is made from a build (``dist/``): the merged files come from the build's ontology,
vocabulary and shapes graphs; each module is the file the build read (listed, with its hash, in
the manifest), so any module a study loads into the ontology graph is released too. Every
document gets an ``owl:versionIRI``; every ``owl:imports`` IRI maps to a local file in the
``catalog-v001.xml`` of each folder (Protégé reads the catalog beside the file it opens), and
the RDF/XML files are named after the last segment of their ontology IRI, which is where
owlready2 looks for an import on its ``onto_path``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

from sistercity.build.dist import file_hash
from sistercity.core import ntriples as nt
from sistercity.core.errors import BuildMissing, ReleaseError
from sistercity.core.io import parse_rdf, write_text
from sistercity.core.namespaces import BASE, ONTOLOGY_IRI, PREFIXES, G, SC
from sistercity.publish.built import Built

CATALOG = "catalog-v001.xml"
CONTEXT = "context.jsonld"
VOID_FILE = "void.ttl"
# The licence of the ontology, vocabularies and shapes (as ontology/sistercity.ttl states it).
_LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")


class Kind(Enum):
    """The three kinds of released document, each in its own folder with its own merged file."""

    ONTOLOGY = "modules"
    VOCAB = "vocab"
    SHAPES = "shapes"


_GRAPHS = {Kind.ONTOLOGY: G.ONTOLOGY, Kind.VOCAB: G.VOCAB, Kind.SHAPES: G.SHAPES}
# The merged vocabulary and shapes documents get an ontology IRI of their own.
_MERGED_IRI = {Kind.ONTOLOGY: ONTOLOGY_IRI, Kind.VOCAB: URIRef(BASE + "vocab"),
               Kind.SHAPES: URIRef(BASE + "shapes")}
_MERGED_STEM = {Kind.ONTOLOGY: "sistercity", Kind.VOCAB: "sistercity-vocab",
                Kind.SHAPES: "sistercity-shapes"}
_MERGED_TITLE = {Kind.ONTOLOGY: "Sister City KG ontology (all modules merged)",
                 Kind.VOCAB: "Sister City KG controlled vocabularies (all SKOS schemes)",
                 Kind.SHAPES: "Sister City KG SHACL shapes (all modules)"}
# The header (ontology/sistercity.ttl) is released beside the merged file, with its imports.
MODULAR_STEM = "sistercity-modules"


@dataclass(frozen=True)
class Document:
    """One released ontology document: its IRIs, where it lives in the release, its triples."""

    kind: Kind
    iri: URIRef
    version_iri: URIRef
    path: str  # relative to the release folder, without suffix ("modules/places")
    graph: Graph = field(repr=False, compare=False)
    source: str | None = None  # the input file it was made from (as the manifest names it)

    @property
    def imports(self) -> tuple[URIRef, ...]:
        """The ontologies this document imports."""
        return tuple(sorted(o for o in self.graph.objects(self.iri, OWL.imports) if isinstance(o, URIRef)))


@dataclass(frozen=True)
class Release:
    """What ``write_release`` wrote."""

    folder: Path
    documents: tuple[Document, ...]
    files: tuple[Path, ...]
    version: str


def make_release(built: Built, root: Path, store: ox.Store) -> tuple[Document, ...]:
    """The documents of a release of the build ``built`` (project ``root``, its graph in ``store``).

    Raises:
        BuildMissing: an input file changed or vanished since the build (build again).
        ReleaseError: an ``owl:imports`` has no document in the release.
    """
    graphs = {kind: _named_graph(store, iri) for kind, iri in _GRAPHS.items()}
    version = _version(graphs[Kind.ONTOLOGY])
    documents: list[Document] = []
    for kind in Kind:
        documents.append(_merged(kind, graphs[kind], version))
    taken: set[str] = set()
    fresh, stale = _inputs(built, root)
    for source, path in fresh:
        part = parse_rdf(path)
        kind = _kind_of(part, graphs)
        if kind is None:
            continue  # data, not schema
        documents.append(_module(kind, part, source, path, version, taken))
    _check_coverage(documents, graphs, stale, built.dist)
    documents = _with_module_imports(documents)
    _check_imports(documents)
    return tuple(documents)


def write_release(built: Built, root: Path, store: ox.Store, *, out: Path) -> Release:
    """Write the release of the build into ``out`` (replacing it whole, or not at all).

    Raises:
        BuildMissing: an input file changed or vanished since the build.
        ReleaseError: an ``owl:imports`` has no document in the release.
    """
    documents = make_release(built, root, store)
    version = _version(_named_graph(store, G.ONTOLOGY))
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".release-", dir=out.parent))
    try:
        written: list[str] = []
        for doc in documents:
            for suffix, fmt in ((".ttl", "turtle"), (".owl", "xml")):
                target = staging / f"{doc.path}{suffix}"
                target.parent.mkdir(parents=True, exist_ok=True)
                write_text(target, _serialize(doc.graph, fmt))
                written.append(f"{doc.path}{suffix}")
        folders = sorted({str(Path(doc.path).parent) for doc in documents})
        for folder in folders:
            write_text(staging / folder / CATALOG, catalog(documents, folder))
            written.append(str(Path(folder) / CATALOG))
        prefixes = {**PREFIXES, **built.manifest.get("prefixes", {})}  # the studies' prefixes too
        write_text(staging / CONTEXT, json.dumps(jsonld_context(documents, prefixes), indent=2,
                                                 ensure_ascii=False) + "\n")
        write_text(staging / VOID_FILE, _serialize(void_description(built, store, version), "turtle"))
        written += [CONTEXT, VOID_FILE]
        if out.exists():
            shutil.rmtree(out)
        staging.replace(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Release(folder=out, documents=documents,
                   files=tuple(out / name for name in sorted(written)), version=version)


# --- the documents --------------------------------------------------------------------------------

def _named_graph(store: ox.Store, iri: URIRef) -> Graph:
    text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(iri)))
    return nt.parse(text.decode("utf-8") if text else "")


def _version(ontology: Graph) -> str:
    value = ontology.value(ONTOLOGY_IRI, OWL.versionInfo)
    if value is None:
        raise ReleaseError(f"the ontology header <{ONTOLOGY_IRI}> has no owl:versionInfo: add it to "
                           "ontology/sistercity.ttl (e.g. owl:versionInfo \"0.1.0\") and build again.")
    return str(value)


def _inputs(built: Built, root: Path) -> tuple[list[tuple[str, Path]], list[Path]]:
    """The build's RDF input files that are still as the build read them, and those that are not."""
    fresh, stale = [], []
    for name, digest in sorted(built.manifest.get("inputs", {}).items()):
        path = Path(name) if Path(name).is_absolute() else root / name
        if path.suffix not in (".ttl", ".owl", ".rdf", ".nt"):
            continue  # the world CSV, its mapping
        if path.exists() and file_hash(path) == digest:
            fresh.append((name, path))
        else:
            stale.append(path)
    return fresh, stale


def _check_coverage(documents: list[Document], graphs: Mapping[Kind, Graph], stale: list[Path],
                    dist: Path) -> None:
    """Every statement of the built schema graphs is in a released module (blank nodes aside)."""
    for kind, graph in graphs.items():
        released = {_key(t) for doc in documents if doc.kind is kind and doc.source for t in doc.graph}
        missing = [t for t in graph if not any(isinstance(x, BNode) for x in t)
                   and not _builtin(t[0]) and _key(t) not in released]
        if not missing:
            continue
        if stale:
            raise BuildMissing("these inputs changed or vanished since the build in " + str(dist)
                               + ": " + ", ".join(str(p) for p in stale) + "; the release would "
                               "not match the built graph: run `sistercity build` again.")
        s, p, o = missing[0]
        raise ReleaseError(f"{len(missing)} statements of the built {kind.name.lower()} graph come "
                           f"from no input file in the manifest (e.g. <{s}> <{p}> {o.n3()}): run "
                           "`sistercity build` again.")


def _builtin(term: Node) -> bool:
    """A term of RDF, RDFS, OWL or XSD themselves (no file of ours defines them)."""
    return isinstance(term, URIRef) and str(term).startswith((str(RDF), str(RDFS), str(OWL), str(XSD)))


def _key(triple: tuple[Node, Node, Node]) -> tuple[object, ...]:
    """A triple compared by value: the store writes "0.0"^^xsd:decimal back as "0"."""
    s, p, o = triple
    if isinstance(o, Literal):
        value = o.value if o.value is not None else str(o)
        return (s, p, o.datatype, o.language, value)
    return (s, p, o)


def _kind_of(part: Graph, graphs: Mapping[Kind, Graph]) -> Kind | None:
    """Which schema graph of the build holds this file's triples (None: a data file)."""
    sample = [t for t in part if all(isinstance(x, URIRef) for x in t)][:50]
    for kind, graph in graphs.items():
        if sample and all(t in graph for t in sample):
            return kind
    return None


def _header(graph: Graph, kind: Kind) -> URIRef | None:
    types = (OWL.Ontology,) if kind is not Kind.VOCAB else (OWL.Ontology, SKOS.ConceptScheme)
    for t in types:
        found = sorted(s for s in graph.subjects(RDF.type, t) if isinstance(s, URIRef))
        if len(found) == 1:
            return found[0]
    return None


def _namespace_iri(graph: Graph) -> URIRef | None:
    """The namespace most of a headerless file's subjects share, as an ontology IRI."""
    spaces = Counter(str(s).rsplit("#", 1)[0] if "#" in str(s) else str(s).rsplit("/", 1)[0]
                     for s in set(graph.subjects()) if isinstance(s, URIRef))
    return URIRef(spaces.most_common(1)[0][0]) if spaces else None


def _merged(kind: Kind, graph: Graph, version: str) -> Document:
    """One document holding a whole schema graph, with one header and no imports."""
    iri = _MERGED_IRI[kind]
    merged = _prefixed(Graph())
    headers = set(graph.subjects(RDF.type, OWL.Ontology))
    for s, p, o in graph:
        if p == OWL.imports or (s in headers and s != iri):
            continue  # the modules' own headers would make it several ontologies in one file
        if kind is Kind.SHAPES and _builtin(s):
            continue  # pySHACL leaves `owl:Class rdfs:subClassOf rdfs:Class` in the shapes graph
        merged.add((s, p, o))
    version_iri = URIRef(f"{iri}/{version}")
    merged.add((iri, RDF.type, OWL.Ontology))
    if kind is not Kind.ONTOLOGY:  # the vocabularies and shapes carry the ontology's licence
        merged.add((iri, DCTERMS.title, Literal(_MERGED_TITLE[kind], lang="en")))
        merged.add((iri, DCTERMS.license, _LICENCE))
        merged.add((iri, OWL.versionInfo, Literal(version)))
    merged.set((iri, OWL.versionIRI, version_iri))
    return Document(kind, iri, version_iri, _MERGED_STEM[kind], merged)


def _module(kind: Kind, part: Graph, source: str, path: Path, version: str, taken: set[str]) -> Document:
    """One input file as a released document, with a header and a version IRI."""
    iri = _header(part, kind) or _namespace_iri(part)
    if iri is None:
        raise ReleaseError(f"{path}: no owl:Ontology header and no IRI subject to name it by: add "
                           "`<IRI> a owl:Ontology` to the file and build again.")
    graph = _prefixed(Graph())
    for prefix, namespace in part.namespaces():
        if prefix and prefix not in PREFIXES:
            graph.bind(prefix, namespace)  # the file's own prefixes (cdx:, a study's)
    for triple in part:
        graph.add(triple)
    graph.add((iri, RDF.type, OWL.Ontology))
    own = graph.value(iri, OWL.versionInfo)
    version_iri = graph.value(iri, OWL.versionIRI)
    if not isinstance(version_iri, URIRef):
        version_iri = URIRef(f"{iri}/{own or version}")
        graph.set((iri, OWL.versionIRI, version_iri))
    if own is None:
        graph.add((iri, OWL.versionInfo, Literal(version)))
    folder = "." if iri == ONTOLOGY_IRI else kind.value
    if iri == ONTOLOGY_IRI:
        stem = MODULAR_STEM
    elif kind is Kind.SHAPES:
        stem = path.stem  # places.shapes: the same stem as the source file
    else:
        stem = str(iri).rstrip("/#").rsplit("/", 1)[-1]  # owlready2 finds an import by this name
    if f"{folder}/{stem}" in taken or not stem:
        stem = f"{path.parent.name}-{path.stem}"
    taken.add(f"{folder}/{stem}")
    return Document(kind, iri, version_iri, str(Path(folder) / stem), graph, source)


def _with_module_imports(documents: list[Document]) -> list[Document]:
    """Each ontology module imports the modules whose terms it uses, so it opens whole."""
    modules = [d for d in documents if d.kind is Kind.ONTOLOGY and d.source and d.iri != ONTOLOGY_IRI]
    defined: dict[URIRef, URIRef] = {}
    for doc in modules:
        for term in doc.graph.subjects(RDF.type, None):
            if isinstance(term, URIRef) and term != doc.iri:
                defined.setdefault(term, doc.iri)
    for doc in modules:
        used = {x for t in doc.graph for x in t if isinstance(x, URIRef)}
        for other in sorted({defined[x] for x in used if x in defined} - {doc.iri}):
            doc.graph.add((doc.iri, OWL.imports, other))
    return documents


def _check_imports(documents: Iterable[Document]) -> None:
    known = {d.iri for d in documents} | {d.version_iri for d in documents}
    for doc in documents:
        missing = [i for i in doc.imports if i not in known]
        if missing:
            raise ReleaseError(f"{doc.source or doc.path}: owl:imports "
                               + ", ".join(f"<{i}>" for i in missing)
                               + " is not among the build's modules, so no file can be released for "
                               "it: load that module in the build (ontology/modules/ or a study) or "
                               "remove the import.")


def _prefixed(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    graph.bind("vann", "http://purl.org/vocab/vann/")
    return graph


def _serialize(graph: Graph, fmt: str) -> str:
    return graph.serialize(format=fmt, encoding="utf-8").decode("utf-8")


# --- the catalogs ----------------------------------------------------------------------------------

def catalog(documents: Iterable[Document], folder: str) -> str:
    """The OASIS XML catalog (Protégé's ``catalog-v001.xml``) for the files opened from ``folder``:
    every ontology IRI and version IRI mapped to its RDF/XML file, relative to ``folder``."""
    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
             '<catalog prefer="public" xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">']
    base = Path(folder)
    for doc in sorted(documents, key=lambda d: d.path):
        target = _relative(Path(f"{doc.path}.owl"), base)
        for name in dict.fromkeys((doc.iri, doc.version_iri)):
            lines.append(f'    <uri id={quoteattr("sistercity release")} name={quoteattr(str(name))} '
                         f'uri={quoteattr(target)}/>')
    lines.append("</catalog>")
    return "\n".join(lines) + "\n"


def _relative(target: Path, base: Path) -> str:
    return Path(os.path.relpath(target, base)).as_posix()


# --- the JSON-LD context ---------------------------------------------------------------------------

def jsonld_context(documents: Iterable[Document],
                   prefixes: Mapping[str, str] = PREFIXES) -> dict[str, object]:
    """A JSON-LD context: the prefixes, and each term of a released module by its local name
    (object properties as ``@id``, datatype properties with their range's datatype); a name two
    modules share is left to its prefixed form."""
    context: dict[str, object] = {"@version": 1.1, **prefixes}
    modules = {d.iri for d in documents if d.kind is Kind.ONTOLOGY}
    ontology = Graph()
    for doc in documents:
        if doc.kind is Kind.ONTOLOGY:
            for triple in doc.graph:
                ontology.add(triple)
    names: dict[str, list[URIRef]] = {}
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for term in ontology.subjects(RDF.type, kind):
            home = ontology.value(term, RDFS.isDefinedBy)
            if isinstance(term, URIRef) and _local(term) and (home in modules or _own(term)):
                names.setdefault(_local(term), []).append(term)
    for name, terms in sorted(names.items()):
        if len(set(terms)) > 1 or name in context:
            continue  # two modules use the name: only the prefixed form is unambiguous
        term = terms[0]
        entry: dict[str, str] = {"@id": _compact(term, prefixes)}
        if (term, RDF.type, OWL.ObjectProperty) in ontology:
            entry["@type"] = "@id"
        elif (term, RDF.type, OWL.DatatypeProperty) in ontology:
            ranges = [r for r in ontology.objects(term, RDFS.range)
                      if isinstance(r, URIRef) and str(r).startswith(str(XSD)) and r != RDFS.Literal]
            if len(ranges) == 1 and ranges[0] not in (XSD.string,):
                entry["@type"] = _compact(ranges[0], prefixes)
        context[name] = entry if len(entry) > 1 else entry["@id"]
    return {"@context": context}


def _own(term: URIRef) -> bool:
    return str(term).startswith(BASE)


def _local(term: URIRef) -> str:
    text = str(term)
    return text.rsplit("#", 1)[1] if "#" in text else text.rstrip("/").rsplit("/", 1)[-1]


def _compact(term: URIRef, prefixes: Mapping[str, str]) -> str:
    for prefix, namespace in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
        if str(term).startswith(namespace) and str(term) != namespace:
            return f"{prefix}:{str(term)[len(namespace):]}"
    return str(term)


# --- VoID / DCAT -----------------------------------------------------------------------------------

def void_description(built: Built, store: ox.Store, version: str) -> Graph:
    """A VoID and DCAT description of the built dataset: its named graphs with their triple counts
    and sources, the licences, the version and the build date (from the manifest)."""
    graph = _prefixed(Graph())
    graph.bind("void", str(VOID))
    graph.bind("dcat", str(DCAT))
    dataset = URIRef(BASE + "dataset")
    manifest = built.manifest
    sizes: Mapping[str, int] = manifest.get("graphs", {})
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.title, Literal("Sister City KG", lang="en")))
    graph.add((dataset, DCTERMS.description, Literal(
        "The knowledge graph of sister-city (twin-town) relations and of the policy cooperation that "
        "flows through them: the ontology, controlled vocabularies and shapes, curated case studies "
        "with the provenance of every fact, and (when built with them) the world twinning lists.",
        lang="en")))
    graph.add((dataset, OWL.versionInfo, Literal(version)))
    graph.add((dataset, DCTERMS.issued, Literal(manifest["built"], datatype=XSD.dateTime)))
    graph.add((dataset, DCTERMS.conformsTo, ONTOLOGY_IRI))
    graph.add((dataset, VOID.vocabulary, URIRef(str(SC._NS))))
    graph.add((dataset, VOID.triples, Literal(sum(sizes.values()), datatype=XSD.integer)))
    graph.add((dataset, VOID.uriSpace, Literal(BASE + "id/")))
    licences = _licences(store)
    for licence in sorted({lic for lics in licences.values() for lic in lics}
                          | {_LICENCE}):
        graph.add((dataset, DCTERMS.license, licence))
    for name, size in sizes.items():
        iri = URIRef(name)
        graph.add((dataset, VOID.subset, iri))
        graph.add((iri, RDF.type, VOID.Dataset))
        graph.add((iri, VOID.triples, Literal(size, datatype=XSD.integer)))
        graph.add((iri, DCTERMS.isPartOf, dataset))
        for source in _sources(store, iri):
            graph.add((iri, DCTERMS.source, source))
            for licence in licences.get(source, ()):
                graph.add((iri, DCTERMS.license, licence))
        for cls, count in _classes(store, iri):
            partition = BNode()
            graph.add((iri, VOID.classPartition, partition))
            graph.add((partition, VOID["class"], cls))
            graph.add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))
    for study in manifest.get("studies", []):
        iri = URIRef(study["graph"])
        graph.add((iri, DCTERMS.title, Literal(study["title"], lang="en")))
        for creator in study.get("authors", []):
            graph.add((iri, DCTERMS.creator, Literal(creator)))
        if study.get("licence"):  # an SPDX identifier in study.toml
            graph.add((iri, DCTERMS.license, URIRef(_SPDX + study["licence"])))
            graph.add((dataset, DCTERMS.license, URIRef(_SPDX + study["licence"])))
    for name in manifest.get("files", []):
        if name.startswith("sistercity."):
            dist = BNode()
            graph.add((dataset, DCAT.distribution, dist))
            graph.add((dist, RDF.type, DCAT.Distribution))
            graph.add((dist, DCTERMS.identifier, Literal(name)))
            graph.add((dist, DCAT.mediaType, Literal(_MEDIA.get(Path(name).suffix, "text/plain"))))
            if (built.dist / name).exists():
                graph.add((dist, DCAT.byteSize, Literal((built.dist / name).stat().st_size,
                                                        datatype=XSD.integer)))
    return graph


_SPDX = "https://spdx.org/licenses/"
_MEDIA = {".nq": "application/n-quads", ".trig": "application/trig", ".ttl": "text/turtle"}


def _sources(store: ox.Store, graph: URIRef) -> list[URIRef]:
    rows = store.query(f"SELECT DISTINCT ?s WHERE {{ GRAPH <{graph}> {{ ?x <{PROV.wasDerivedFrom}> ?s }} "
                       "FILTER(isIRI(?s)) } ORDER BY ?s")
    return [URIRef(row[0].value) for row in rows]


def _licences(store: ox.Store) -> dict[URIRef, list[URIRef]]:
    found: dict[URIRef, list[URIRef]] = {}
    for row in store.query(f"SELECT DISTINCT ?s ?l WHERE {{ ?s <{DCTERMS.license}> ?l FILTER(isIRI(?l)) }}",
                           use_default_graph_as_union=True):
        found.setdefault(URIRef(row[0].value), []).append(URIRef(row[1].value))
    return found


def _classes(store: ox.Store, graph: URIRef) -> list[tuple[URIRef, int]]:
    rows = store.query(f"SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?x a ?c }} "
                       f"FILTER(STRSTARTS(STR(?c), \"{BASE}\")) }} GROUP BY ?c ORDER BY ?c")
    return [(URIRef(row[0].value), int(row[1].value)) for row in rows]
