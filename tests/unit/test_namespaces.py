"""The closed namespace ``SC``, the ontology modules and docs/modelling.md name the same terms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from sistercity.core.namespaces import SC

ROOT = Path(__file__).resolve().parents[2]
MODULES = ("places", "actors", "legal", "agreements", "advocacy", "policy", "outcomes", "provenance",
           "network", "claims", "patterns")
SC_NS = str(SC._NS)
DECLARING_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
KIND_TO_TYPE = {"class": OWL.Class, "obj": OWL.ObjectProperty, "data": OWL.DatatypeProperty}


def _module_iri(name: str) -> URIRef:
    return URIRef(f"https://w3id.org/sistercity/ontology/modules/{name}")


@pytest.fixture(scope="module")
def module_graphs() -> dict[str, Graph]:
    """Each ontology module, parsed on its own."""
    return {name: Graph().parse(ROOT / "ontology" / "modules" / f"{name}.ttl", format="turtle")
            for name in MODULES}


def declared_sc_terms(graph: Graph) -> set[URIRef]:
    """The sc: IRIs that ``graph`` declares as a class or property."""
    return {s for t in DECLARING_TYPES for s in graph.subjects(RDF.type, t)
            if isinstance(s, URIRef) and str(s).startswith(SC_NS)}


def namespace_terms() -> set[URIRef]:
    """The terms annotated in ``class SC``."""
    return {URIRef(SC_NS + name) for name in SC.__annotations__ if not name.startswith("_")}


def documented_terms() -> dict[URIRef, tuple[str, str]]:
    """``{term: (module, kind)}`` from the module tables of docs/modelling.md."""
    terms: dict[URIRef, tuple[str, str]] = {}
    module = None
    for line in (ROOT / "docs" / "modelling.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"## (\w+) \(`modules/\1\.ttl`\)", line)
        if heading:
            module = heading.group(1)
        elif line.startswith("## "):
            module = None
        row = re.match(r"\| `sc:(\w+)` \| ([^|]+)\|", line)
        if module and row:
            kind = row.group(2).strip().split(",")[0].strip()
            terms[URIRef(SC_NS + row.group(1))] = (module, kind)
    return terms


def test_namespace_and_ontology_declare_the_same_terms(module_graphs: dict[str, Graph]) -> None:
    declared = set().union(*(declared_sc_terms(g) for g in module_graphs.values()))
    in_code = namespace_terms()
    missing_in_ontology = sorted(in_code - declared)
    missing_in_namespace = sorted(declared - in_code)
    assert not missing_in_ontology and not missing_in_namespace, (
        f"in namespaces.py but not declared in ontology/modules: {missing_in_ontology}\n"
        f"declared in ontology/modules but not in namespaces.py: {missing_in_namespace}")
    assert len(in_code) == 189


def test_modelling_guide_lists_the_same_terms_in_the_same_modules(
        module_graphs: dict[str, Graph]) -> None:
    documented = documented_terms()
    assert set(documented) == namespace_terms(), sorted(set(documented) ^ namespace_terms())
    wrong_module = {term: (module, [m for m, g in module_graphs.items() if term in declared_sc_terms(g)])
                    for term, (module, _) in documented.items()
                    if term not in declared_sc_terms(module_graphs[module])}
    assert not wrong_module, f"term: (module in docs, modules declaring it) {wrong_module}"


def test_each_term_has_the_kind_the_modelling_guide_gives(module_graphs: dict[str, Graph]) -> None:
    union = Graph()
    for graph in module_graphs.values():
        union += graph
    wrong = {term: kind for term, (_, kind) in documented_terms().items()
             if (term, RDF.type, KIND_TO_TYPE[kind]) not in union}
    assert not wrong, f"declared with another rdf:type than docs/modelling.md says: {wrong}"


def test_each_term_is_declared_once_and_defined_by_its_module(module_graphs: dict[str, Graph]) -> None:
    declared_in: dict[URIRef, list[str]] = {}
    for name, graph in module_graphs.items():
        for term in declared_sc_terms(graph):
            declared_in.setdefault(term, []).append(name)
            assert (term, RDFS.isDefinedBy, _module_iri(name)) in graph, f"{term} in {name}.ttl"
    assert {t: m for t, m in declared_in.items() if len(m) > 1} == {}


def test_the_namespace_is_closed() -> None:
    assert SC.twinnedWith == URIRef(SC_NS + "twinnedWith")
    with pytest.raises(AttributeError):
        SC.twinnedwith  # noqa: B018 - a misspelling must not mint a new IRI
