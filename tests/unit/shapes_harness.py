"""Shared helpers of the test_*_shapes.py modules: validate a fixture as the build does, and
reduce the SHACL report to comparable (focus, shape, path, severity, component) tuples."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, SKOS
from rdflib.term import Node

from sistercity.build.validate import PreparedQueryGraph
from sistercity.core.namespaces import BASE, ID, SCHEMA, SC, WGS84

ROOT = Path(__file__).resolve().parents[2]
SHAPES_DIR = ROOT / "ontology" / "shapes"
FIXTURES = ROOT / "tests" / "shapes"
SHAPES_BASE = BASE + "shapes/"
MODULES = ("places", "actors", "legal", "agreements", "advocacy", "policy", "outcomes",
           "provenance", "vocab")

_PREFIXES = {
    str(SC._NS): "sc:",
    str(RDFS): "rdfs:",
    str(SKOS): "skos:",
    str(SCHEMA): "schema:",
    str(WGS84): "geo:",
    "http://www.w3.org/ns/prov#": "prov:",
    "http://purl.org/dc/terms/": "dcterms:",
    str(ID): "",
    SHAPES_BASE: "",
    BASE + "vocab/": "vocab/",
}


@dataclass(frozen=True, order=True)
class Result:
    """One validation result, reduced to what a test compares."""

    focus: str
    shape: str
    path: str | None
    severity: str
    component: str


@dataclass(frozen=True)
class Outcome:
    """Every result of validating one fixture, with the raw report for finer asserts."""

    results: frozenset[Result]
    report: Graph

    def messages(self, shape: str) -> list[str]:
        """The result messages of the results whose source shape is ``shape``."""
        iri = URIRef(SHAPES_BASE + shape)
        return [str(m) for r in self.report.subjects(SH.sourceShape, iri)
                for m in self.report.objects(r, SH.resultMessage)]

    def values(self, shape: str) -> set[Node]:
        """The sh:value nodes of the results whose source shape is ``shape``."""
        iri = URIRef(SHAPES_BASE + shape)
        return {v for r in self.report.subjects(SH.sourceShape, iri)
                for v in self.report.objects(r, SH.value)}


def short(node: Node | None) -> str | None:
    """A readable, stable name for an IRI (prefix form) or a SHACL path."""
    if node is None:
        return None
    text = str(node)
    for namespace, prefix in sorted(_PREFIXES.items(), key=lambda kv: -len(kv[0])):
        if text.startswith(namespace):
            return prefix + text[len(namespace):]
    return text


def _path(report: Graph, node: Node | None) -> str | None:
    """A path as text: an alternative path as ``a|b``, an inverse one as ``^a``, a sequence as ``(a / b)``."""
    if isinstance(node, BNode):
        alternatives = report.value(node, SH.alternativePath)
        if alternatives is not None:
            return "|".join(_path(report, n) or "" for n in Collection(report, alternatives))
        inverse = report.value(node, SH.inversePath)
        if inverse is not None:
            return "^" + (_path(report, inverse) or "")
        return "(" + " / ".join(short(n) or "" for n in Collection(report, node)) + ")"
    return short(node)


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The union of every ontology/shapes/*.ttl file."""
    graph = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """ontology/sistercity.ttl, ontology/modules/*.ttl and ontology/vocab/*.ttl parsed together."""
    base = ROOT / "ontology"
    graph = Graph()
    for path in [base / "sistercity.ttl", *sorted((base / "modules").glob("*.ttl")),
                 *sorted((base / "vocab").glob("*.ttl"))]:
        graph.parse(path, format="turtle")
    return graph


def validate_graph(data: Graph, shapes: Graph | None = None) -> Outcome:
    """Validate ``data`` with the ontology and vocabularies merged in, as the build does, against
    ``shapes`` (default: every ontology/shapes/*.ttl file).

    pySHACL's ``ont_graph`` only copies RDFS/OWL axioms into the data graph, not the SKOS concepts;
    so, like ``sistercity.build.validate``, the ontology and vocabularies are merged into the data graph.
    """
    merged = PreparedQueryGraph()  # as the build validates: each SPARQL text parsed once
    for graph in (data, ontology_graph()):
        merged.addN((s, p, o, merged) for s, p, o in graph)
    _conforms, report, _text = pyshacl.validate(
        merged, shacl_graph=shapes if shapes is not None else shapes_graph(), inference="none",
        advanced=True, inplace=True,
        allow_warnings=False)
    results = frozenset(
        Result(
            focus=short(report.value(r, SH.focusNode)) or "",
            shape=short(report.value(r, SH.sourceShape)) or "",
            path=_path(report, report.value(r, SH.resultPath)),
            severity=(short(report.value(r, SH.resultSeverity)) or "").rsplit("#", 1)[-1],
            component=(short(report.value(r, SH.sourceConstraintComponent)) or "")
            .rsplit("#", 1)[-1].removesuffix("ConstraintComponent"),
        )
        # Top-level results only: the nested results of sh:node / sh:or sit under sh:detail.
        for r in report.objects(None, SH.result))
    return Outcome(results=results, report=report)


def validate_fixture(kind: str, name: str) -> Outcome:
    """Validate tests/shapes/{kind}/{name}.ttl."""
    return validate_graph(Graph().parse(FIXTURES / kind / f"{name}.ttl", format="turtle"))


def fixture_names(kind: str) -> list[str]:
    """The stems of the fixtures in tests/shapes/{kind}/."""
    return sorted(p.stem for p in (FIXTURES / kind).glob("*.ttl"))


def module_shapes(module: str) -> Graph:
    """One shapes file, ontology/shapes/{module}.shapes.ttl."""
    return Graph().parse(SHAPES_DIR / f"{module}.shapes.ttl", format="turtle")


def undocumented_shapes(module: str) -> list[str]:
    """Named shapes of a module's file lacking rdfs:label, sh:message or sh:severity, or named
    outside the module's namespace; an empty list when every shape is documented."""
    graph = module_shapes(module)
    shapes = {s for cls in (SH.NodeShape, SH.PropertyShape) for s in graph.subjects(RDF.type, cls)}
    problems = []
    for shape in sorted(shapes):
        if not isinstance(shape, URIRef) or not str(shape).startswith(f"{SHAPES_BASE}{module}#"):
            problems.append(f"{shape}: not named under {SHAPES_BASE}{module}#")
            continue
        for prop in (RDFS.label, SH.message, SH.severity):
            if graph.value(shape, prop) is None:
                problems.append(f"{shape}: no {short(prop) or prop}")
        if graph.value(shape, SH.severity) not in (SH.Violation, SH.Warning, None):
            problems.append(f"{shape}: severity is neither sh:Violation nor sh:Warning")
    for message in graph.objects(None, SH.message):
        if not (isinstance(message, Literal) and message.language == "en"):
            problems.append(f"message {message!r} is not tagged @en")
    return problems


def undeclared_sparql_prefixes(module: str) -> list[str]:
    """SPARQL constraints or targets whose sh:prefixes do not declare every prefix they use."""
    graph = module_shapes(module)
    problems = []
    for holder, query in graph.subject_objects(SH.select):
        declared = {str(graph.value(d, SH.prefix))
                    for ontology in graph.objects(holder, SH.prefixes)
                    for d in graph.objects(ontology, SH.declare)}
        # Prefixed names outside IRIs and strings, e.g. sc:twinnedWith, xsd:gYear.
        text = re.sub(r'<[^>]*>|"[^"]*"', "", str(query))
        used = set(re.findall(r"(?<![\w?$])([A-Za-z][\w-]*):(?=[A-Za-z_])", text))
        missing = sorted(p for p in used if p and p not in declared)
        if missing:
            problems.append(f"{holder}: prefixes {missing} not declared")
    return problems


def in_list(shape: str) -> list[Node]:
    """The members of the sh:in list of a shape (``module#Name``)."""
    graph = shapes_graph()
    head = graph.value(URIRef(SHAPES_BASE + shape), SH["in"])
    return list(Collection(graph, head)) if head is not None else []


def scheme_concepts(scheme: str) -> set[Node]:
    """The concepts of ontology/vocab/{scheme}.ttl (skos:inScheme the scheme)."""
    graph = Graph().parse(ROOT / "ontology" / "vocab" / f"{scheme}.ttl", format="turtle")
    return set(graph.subjects(SKOS.inScheme, URIRef(f"{BASE}vocab/{scheme}")))


__all__ = ["Result", "Outcome", "validate_fixture", "validate_graph", "fixture_names", "MODULES",
           "undocumented_shapes", "undeclared_sparql_prefixes", "in_list", "scheme_concepts",
           "shapes_graph", "ontology_graph", "short"]


def module_shape_tests(module: str, expected: dict[str, set[Result]]) -> tuple[object, object, object]:
    """The three tests every ``test_<module>_shapes.py`` runs, bound to its module and its
    table of expected results; assign them to module-level names so that pytest collects them."""
    import pytest

    def test_valid_fixture_conforms() -> None:
        """tests/shapes/valid/<module>.ttl, which uses every term of the module, has no result."""
        assert validate_fixture("valid", module).results == frozenset()

    @pytest.mark.parametrize("name", sorted(expected))
    def test_invalid_fixture_reports_exactly(name: str) -> None:
        """The fixture named for a fault produces exactly that fault's results."""
        assert set(validate_fixture("invalid", name).results) == expected[name]

    def test_every_shape_is_documented() -> None:
        """Every shape is named in its module's namespace, with label, English message, severity."""
        assert undocumented_shapes(module) == []
        assert undeclared_sparql_prefixes(module) == []

    return test_valid_fixture_conforms, test_invalid_fixture_reports_exactly, test_every_shape_is_documented
