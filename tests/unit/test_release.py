"""The ontology release (dist/release/), read back by the tools that open it: owlready2 (offline,
imports resolved through its onto_path), rdflib, Oxigraph, the XML catalogs Protégé reads."""

from __future__ import annotations

import json
import shutil
import urllib.request
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import owlready2
import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, VOID, XSD

from sistercity.core.errors import BuildMissing
from sistercity.core.namespaces import ONTOLOGY_IRI, SC
from sistercity.publish.built import load_built, open_build
from sistercity.publish.release import CATALOG, Kind, write_release

from tests.rdf_canon import canonical_file

ROOT = Path(__file__).resolve().parents[2]
CATALOG_NS = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"
CORE_MODULES = {"actors", "advocacy", "agreements", "legal", "network", "outcomes", "places",
                "policy", "provenance"}


@pytest.fixture(scope="module")
def dist(case_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the build of the repository's curated data (no world lists), with its release."""
    out = tmp_path_factory.mktemp("release-dist") / "dist"
    shutil.copytree(case_dist, out)
    write_release(open_build(out), ROOT, load_built(out), out=out / "release")
    return out


@pytest.fixture(scope="module")
def release(dist: Path) -> Path:
    return dist / "release"


@pytest.fixture()
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt of owlready2 to fetch an import fails the test."""
    def refuse(url, *args, **kwargs):  # noqa: ANN001
        raise AssertionError(f"tried to fetch {url!r}: the release must open offline")
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def rdf_files(release: Path) -> list[Path]:
    return sorted(p for p in release.rglob("*") if p.suffix in (".ttl", ".owl"))


def ontology_iri(path: Path) -> set[URIRef]:
    graph = Graph().parse(path, format="xml" if path.suffix == ".owl" else "turtle")
    heads = set(graph.subjects(RDF.type, OWL.Ontology))
    return heads | {v for h in heads for v in graph.objects(h, OWL.versionIRI)}


def declared(graph: Graph, kind: URIRef) -> set[str]:
    return {str(s) for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}


def test_the_release_holds_merged_files_modules_vocabularies_and_shapes(release: Path) -> None:
    for name in ("sistercity.owl", "sistercity.ttl", "sistercity-modules.owl", "sistercity-vocab.owl",
                 "sistercity-shapes.owl", "context.jsonld", "void.ttl", CATALOG):
        assert (release / name).is_file(), name
    assert {p.stem for p in (release / "modules").glob("*.owl")} >= CORE_MODULES
    assert (release / "vocab" / "agreement-status.owl").is_file()
    assert (release / "shapes" / "places.shapes.ttl").is_file()
    for folder in ("modules", "vocab", "shapes"):
        assert (release / folder / CATALOG).is_file()


def test_a_study_module_is_released_with_imports_of_the_core_modules_it_uses(release: Path) -> None:
    graph = Graph().parse(release / "modules" / "city-diplomacy.ttl")
    head = next(iter(graph.subjects(RDF.type, OWL.Ontology)))
    imports = {str(i).rsplit("/", 1)[-1] for i in graph.objects(head, OWL.imports)}
    assert {"places", "actors"} <= imports  # sc:Twinning, sc:Actor
    assert (release / "shapes" / "city-diplomacy.shapes.owl").is_file()


def test_every_file_parses_in_rdflib_and_oxigraph_and_both_serialisations_agree(release: Path) -> None:
    files = rdf_files(release)
    assert len(files) > 60
    for path in files:
        fmt = ox.RdfFormat.RDF_XML if path.suffix == ".owl" else ox.RdfFormat.TURTLE
        read_by_oxigraph = sum(1 for _ in ox.parse(path=str(path), format=fmt))
        read_by_rdflib = len(Graph().parse(path, format="xml" if path.suffix == ".owl" else "turtle"))
        assert read_by_oxigraph == read_by_rdflib > 0, path
    for ttl in (p for p in files if p.suffix == ".ttl" and p.name != "void.ttl"):
        turtle = canonical_file(ttl, ox.RdfFormat.TURTLE, _decimal_by_value)
        xml = canonical_file(ttl.with_suffix(".owl"), ox.RdfFormat.RDF_XML, _decimal_by_value)
        assert turtle == xml, ttl.name


def _decimal_by_value(triple: ox.Triple) -> ox.Triple:
    """Decimals in one lexical form: Turtle writes "1"^^xsd:decimal as 1.0."""
    o = triple.object
    if isinstance(o, ox.Literal) and o.datatype == _DECIMAL:
        o = ox.Literal(str(Decimal(o.value).normalize()), datatype=_DECIMAL)
    return ox.Triple(triple.subject, triple.predicate, o)


_DECIMAL = ox.NamedNode(str(XSD.decimal))


def test_every_document_has_a_version_iri(release: Path) -> None:
    for path in (p for p in rdf_files(release) if p.suffix == ".owl"):
        graph = Graph().parse(path, format="xml")
        heads = list(graph.subjects(RDF.type, OWL.Ontology))
        assert len(heads) == 1, path
        version = graph.value(heads[0], OWL.versionIRI)
        assert version is not None and str(version).endswith("/0.1.0"), path


def test_every_import_of_every_file_resolves_through_the_catalog_beside_it(release: Path) -> None:
    imports_seen = 0
    for path in (p for p in rdf_files(release) if p.suffix == ".owl"):
        entries = {e.get("name"): e.get("uri")
                   for e in ET.parse(path.parent / CATALOG).getroot().iter(f"{CATALOG_NS}uri")}
        graph = Graph().parse(path, format="xml")
        for imported in graph.objects(None, OWL.imports):
            imports_seen += 1
            assert str(imported) in entries, f"{path.name}: no catalog entry for {imported}"
            target = (path.parent / entries[str(imported)]).resolve()
            assert target.is_file(), target
            assert imported in ontology_iri(target), f"{target} is not the ontology {imported}"
    assert imports_seen >= 9 + 9  # the modular header's nine, and the modules' own


def test_every_catalog_entry_points_at_the_ontology_it_names(release: Path) -> None:
    for catalog in release.rglob(CATALOG):
        entries = list(ET.parse(catalog).getroot().iter(f"{CATALOG_NS}uri"))
        assert len(entries) >= 2 * 30
        for entry in entries:
            target = (catalog.parent / entry.get("uri")).resolve()
            assert URIRef(entry.get("name")) in ontology_iri(target)


def test_owlready2_loads_the_merged_ontology_offline_and_finds_every_class(release: Path, offline: None) -> None:
    world = owlready2.World()
    world.get_ontology((release / "sistercity.owl").as_uri()).load()
    expected = declared(Graph().parse(release / "sistercity.ttl"), OWL.Class)
    assert str(SC.Twinning) in expected and len(expected) > 70
    assert {c.iri for c in world.classes()} == expected
    properties = {p.iri for p in world.object_properties()}
    assert str(SC.partner) in properties


def test_owlready2_loads_every_module_with_its_imports_from_onto_path(release: Path, offline: None) -> None:
    owlready2.onto_path.insert(0, str(release / "modules"))
    try:
        world = owlready2.World()
        header = world.get_ontology((release / "sistercity-modules.owl").as_uri()).load()
        imported = {o.base_iri.rstrip("/#").rsplit("/", 1)[-1] for o in header.imported_ontologies}
        assert CORE_MODULES <= imported <= {p.stem for p in (release / "modules").glob("*.owl")}
        classes = {c.iri for c in world.classes()}
        modules = Graph()
        for name in imported:
            modules.parse(release / "modules" / f"{name}.ttl")
        assert classes >= declared(modules, OWL.Class)
        for path in sorted((release / "modules").glob("*.owl")):
            alone = owlready2.World()
            alone.get_ontology(path.as_uri()).load()
            own = declared(Graph().parse(path, format="xml"), OWL.Class)
            assert own <= {c.iri for c in alone.classes()}, path.name
    finally:
        owlready2.onto_path.remove(str(release / "modules"))


def test_the_merged_ontology_is_the_union_of_its_modules(release: Path) -> None:
    merged = Graph().parse(release / "sistercity.ttl")
    modules = Graph()
    for path in [release / "sistercity-modules.ttl", *(release / "modules").glob("*.ttl")]:
        modules.parse(path)
    heads = set(modules.subjects(RDF.type, OWL.Ontology))
    terms = lambda g: {s for s in g.subjects() if isinstance(s, URIRef) and s not in heads}  # noqa: E731
    assert terms(merged) == terms(modules)
    assert list(merged.subjects(RDF.type, OWL.Ontology)) == [ONTOLOGY_IRI]
    assert not list(merged.objects(None, OWL.imports))


def test_the_jsonld_context_expands_the_project_terms(release: Path) -> None:
    context = json.loads((release / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    doc = {"@context": context, "@id": "id:twinning/x", "@type": "Twinning",
           "partner": ["id:city/id/bandung", "id:city/kr/seoul"], "partnerCount": 14}
    graph = Graph().parse(data=json.dumps(doc), format="json-ld")
    twinning = URIRef("https://w3id.org/sistercity/id/twinning/x")
    assert (twinning, RDF.type, SC.Twinning) in graph
    assert (twinning, SC.partner, URIRef("https://w3id.org/sistercity/id/city/kr/seoul")) in graph
    assert isinstance(graph.value(twinning, SC.partnerCount), Literal)
    assert context["cdx"] == "https://w3id.org/sistercity/ext/city-diplomacy#"  # a study's prefix
    assert context["framedBy"] == {"@id": "cdx:framedBy", "@type": "@id"}


def test_void_describes_every_named_graph_of_the_build(dist: Path, release: Path) -> None:
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    void = Graph().parse(release / "void.ttl")
    dataset = next(iter(void.subjects(VOID.subset, None)))
    assert void.value(dataset, VOID.triples).toPython() == sum(manifest["graphs"].values())
    assert void.value(dataset, DCTERMS.issued) == Literal(manifest["built"], datatype=XSD.dateTime)
    assert str(void.value(dataset, OWL.versionInfo)) == "0.1.0"
    assert URIRef("https://creativecommons.org/licenses/by/4.0/") in set(void.objects(dataset, DCTERMS.license))
    for name, size in manifest["graphs"].items():
        assert void.value(URIRef(name), VOID.triples).toPython() == size, name
    case = URIRef("https://w3id.org/sistercity/graph/case/bandung-seoul")
    assert URIRef("https://w3id.org/sistercity/id/source/seed-article") in set(void.objects(case, DCTERMS.source))
    study = URIRef("https://w3id.org/sistercity/graph/case/china-indonesia")
    assert "China–Indonesia" in str(void.value(study, DCTERMS.title))
    assert void.value(study, DCTERMS.license) == URIRef("https://spdx.org/licenses/CC-BY-4.0")


def test_a_module_changed_since_the_build_stops_the_release(dist: Path, tmp_path: Path) -> None:
    copy = tmp_path / "dist"
    shutil.copytree(dist, copy, ignore=shutil.ignore_patterns("release"))
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["inputs"]["ontology/modules/places.ttl"] = "0" * 64
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(BuildMissing, match=r"ontology/modules/places.ttl.*run `sistercity build` again"):
        write_release(open_build(copy), ROOT, load_built(copy), out=copy / "release")
    assert not (copy / "release").exists()


def test_kinds_name_the_release_folders() -> None:
    assert [k.value for k in Kind] == ["modules", "vocab", "shapes"]
