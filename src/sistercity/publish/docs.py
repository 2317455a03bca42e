"""Term documentation of the build: every class, property and SKOS scheme in one offline HTML page.

Made from the built graph, so it documents what was loaded (the core's modules, the extensions'
and the studies'): each term with its labels in every language, definitions, domain and range,
super- and subterms, the shapes that constrain it, how often the built graph uses it (per named
graph) and an example from the data. Our own Jinja2 template, not a generator: pyLODE 3.4.1 does
not import on this stack, and ontospy 2.7 has no place for shapes, usage counts or examples (see
/tmp/notes in the closing notes for the comparison).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from markupsafe import Markup, escape
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from sistercity.core import ntriples as nt
from sistercity.core.io import write_text
from sistercity.core.namespaces import BASE, ONTOLOGY_IRI, PREFIXES, G
from sistercity.publish.built import Built

SH = "http://www.w3.org/ns/shacl#"
_KINDS = ((OWL.Class, "class"), (OWL.ObjectProperty, "object property"),
          (OWL.DatatypeProperty, "datatype property"), (OWL.AnnotationProperty, "annotation property"))
_CHARACTERISTICS = (OWL.FunctionalProperty, OWL.InverseFunctionalProperty, OWL.TransitiveProperty,
                    OWL.SymmetricProperty, OWL.AsymmetricProperty, OWL.ReflexiveProperty,
                    OWL.IrreflexiveProperty)
# Graphs an example is taken from first: the curated cases say more than the world lists.
_EXAMPLE_ORDER = ("case/", "sources", "world", "analytics", "inferred")


@dataclass(frozen=True)
class Text:
    """A literal with its language (empty when it has none)."""

    value: str
    lang: str


@dataclass(frozen=True)
class ShapeRef:
    """A shape that constrains a term."""

    anchor: str
    name: str
    label: str
    severity: str
    message: str


@dataclass(frozen=True)
class Example:
    """One statement of the data that uses a term, with its subject's label and its graph."""

    subject: Markup
    predicate: Markup
    object: Markup
    graph: str


@dataclass
class Term:
    """What the page says of one class or property."""

    iri: URIRef
    anchor: str
    curie: str
    kind: str
    module: URIRef | None
    labels: list[Text] = field(default_factory=list)
    definitions: list[Text] = field(default_factory=list)
    comments: list[Text] = field(default_factory=list)
    facts: list[tuple[str, list[Markup]]] = field(default_factory=list)
    shapes: list[ShapeRef] = field(default_factory=list)
    usage: list[tuple[str, int]] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The English label (else any label, else the local name)."""
        return _pick(self.labels) or self.curie

    @property
    def total(self) -> int:
        """How often the built graph uses the term (instances, or statements)."""
        return sum(n for _, n in self.usage)


@dataclass
class Module:
    """An ontology module and the terms it defines."""

    iri: URIRef
    anchor: str
    title: str
    description: str
    licence: Markup | None
    file: str
    study: str | None
    terms: list[Term] = field(default_factory=list)


@dataclass
class Concept:
    """A SKOS concept of a scheme."""

    iri: URIRef
    anchor: str
    curie: str
    labels: list[Text]
    definition: str
    notation: str
    broader: list[Markup]
    usage: int


@dataclass
class Scheme:
    """A SKOS concept scheme with its concepts."""

    iri: URIRef
    anchor: str
    curie: str
    title: str
    definition: str
    concepts: list[Concept]
    used_by: list[Markup]


@dataclass
class Shape:
    """A shape, listed once in the shapes section so a term's shapes are one click away."""

    anchor: str
    name: str
    label: str
    severity: str
    message: str
    targets: list[Markup]


@dataclass(frozen=True)
class Documentation:
    """Everything the page shows."""

    title: str
    version: str
    built: str
    licence: Markup | None
    modules: list[Module]
    schemes: list[Scheme]
    shapes: list[Shape]
    counts: dict[str, int]


class _Names:
    """Anchors, prefixed names and links for every IRI the page mentions."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        # the longest namespace first, so sc: wins over a prefix of it
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.documented: dict[URIRef, str] = {}
        self.labels: dict[URIRef, str] = {}

    def curie(self, iri: URIRef) -> str:
        text = str(iri)
        for prefix, namespace in self.prefixes:
            if text.startswith(namespace) and len(text) > len(namespace):
                return f"{prefix}:{text[len(namespace):]}"
        return text

    def anchor(self, iri: URIRef) -> str:
        return re.sub(r"[^A-Za-z0-9_-]+", "-", self.curie(iri)).strip("-")

    def link(self, node: Node) -> Markup:
        if isinstance(node, URIRef):
            name = self.curie(node)
            if node in self.documented:
                title = self.labels.get(node, name)
                return Markup('<a href="#{}" title="{}"><code>{}</code></a>').format(
                    self.documented[node], title, name)
            return Markup('<a class="ext" href="{}"><code>{}</code></a>').format(str(node), name)
        if isinstance(node, Literal):
            text = str(node) + (f"@{node.language}" if node.language else "")
            return Markup("<q>{}</q>").format(text[:160])
        return Markup("<i>anonymous</i>")


def document(built: Built, store: ox.Store) -> Documentation:
    """Gather what the page shows from the build (its manifest and its graph in ``store``)."""
    manifest = built.manifest
    names = _Names({**PREFIXES, **manifest.get("prefixes", {})})
    ontology = _named_graph(store, G.ONTOLOGY)
    vocab = _named_graph(store, G.VOCAB)
    shapes_graph = _named_graph(store, G.SHAPES)
    modules = _modules(ontology, manifest, names)
    by_iri = {m.iri: m for m in modules}
    terms = _terms(ontology, names, by_iri)
    schemes_iris = sorted(s for s in vocab.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef))
    concepts = sorted(c for c in vocab.subjects(RDF.type, SKOS.Concept) if isinstance(c, URIRef))
    for iri in [t.iri for t in terms] + schemes_iris + concepts:
        names.documented[iri] = names.anchor(iri)
    for term in terms:
        names.labels[term.iri] = term.label
    shapes = _shapes(shapes_graph, names)
    class_usage, property_usage = _usage(store)
    mentions = {axiom: _mentions(ontology, axiom) for axiom in (RDFS.domain, RDFS.range)}
    for term in terms:
        _describe(term, ontology, names, mentions)
        term.shapes = [s.ref for s in shapes.values() if term.iri in s.mentions]
        counts = class_usage if term.kind == "class" else property_usage
        term.usage = sorted(counts.get(str(term.iri), {}).items(), key=_graph_order)
        term.examples = _examples(store, term, names)
    for term in terms:
        home = by_iri.get(term.module) if term.module else None
        (home or _other(modules, names)).terms.append(term)
    schemes = _schemes(vocab, schemes_iris, store, names)
    kinds = defaultdict(int)
    for term in terms:
        kinds[term.kind] += 1
    return Documentation(
        title=str(ontology.value(ONTOLOGY_IRI, DCTERMS.title) or "Sister City KG ontology"),
        version=str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo) or ""),
        built=str(manifest.get("built", "")),
        licence=_licence(ontology, ONTOLOGY_IRI, names),
        modules=[m for m in modules if m.terms],
        schemes=schemes,
        shapes=[s.page for s in sorted(shapes.values(), key=lambda s: s.page.name)],
        counts={_PLURALS[k]: kinds[k] for k in _PLURALS if k in kinds}
        | {"SKOS schemes": len(schemes), "SKOS concepts": sum(len(s.concepts) for s in schemes),
           "shapes": len(shapes)})


_PLURALS = {"class": "classes", "object property": "object properties",
            "datatype property": "datatype properties", "annotation property": "annotation properties"}


def write_docs(built: Built, store: ox.Store, *, out: Path) -> Path:
    """Write ``out/index.html``: the documentation of every term of the build."""
    from jinja2 import Environment

    docs = document(built, store)
    template = resources.files("sistercity.publish").joinpath("templates/docs.html.j2").read_text(
        encoding="utf-8")
    html = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string(
        template).render(docs=docs)
    target = out / "index.html"
    write_text(target, html)
    return target


# --- modules and terms ------------------------------------------------------------------------------

def _named_graph(store: ox.Store, iri: URIRef) -> Graph:
    text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(iri)))
    return nt.parse(text.decode("utf-8") if text else "")


def _modules(ontology: Graph, manifest: Mapping[str, object], names: _Names) -> list[Module]:
    recorded = {m["iri"]: m for m in manifest.get("modules", []) if isinstance(m, dict)}
    modules = []
    def order(iri: Node) -> tuple[bool, bool, str]:  # the core first, the studies' modules last
        return (iri != ONTOLOGY_IRI, bool(recorded.get(str(iri), {}).get("study")), str(iri))

    for iri in sorted(ontology.subjects(RDF.type, OWL.Ontology), key=order):
        if not isinstance(iri, URIRef):
            continue
        info = recorded.get(str(iri), {})
        modules.append(Module(
            iri=iri, anchor="module-" + names.anchor(iri),
            title=str(ontology.value(iri, DCTERMS.title) or names.curie(iri)),
            description=str(ontology.value(iri, DCTERMS.description) or ""),
            licence=_licence(ontology, iri, names), file=str(info.get("file", "")),
            study=info.get("study")))
    return modules


def _other(modules: list[Module], names: _Names) -> Module:
    """The section for terms whose rdfs:isDefinedBy names no loaded module."""
    for module in modules:
        if module.iri == ONTOLOGY_IRI:
            return module
    module = Module(ONTOLOGY_IRI, "module-other", "Other terms", "", None, "", None)
    modules.append(module)
    return module


def _terms(ontology: Graph, names: _Names, modules: Mapping[URIRef, Module]) -> list[Term]:
    terms: dict[URIRef, Term] = {}
    for kind, word in _KINDS:
        for iri in ontology.subjects(RDF.type, kind):
            if not isinstance(iri, URIRef) or iri in terms:
                continue
            home = ontology.value(iri, RDFS.isDefinedBy)
            if home is not None and home not in modules:
                continue  # a declaration of an outside term (dcterms:title, skos:Concept …)
            terms[iri] = Term(iri=iri, anchor=names.anchor(iri), curie=names.curie(iri), kind=word,
                              module=home if isinstance(home, URIRef) else None)
    return sorted(terms.values(), key=lambda t: (_KIND_ORDER[t.kind], t.curie.lower()))


_KIND_ORDER = {word: i for i, (_, word) in enumerate(_KINDS)}


def _texts(graph: Graph, subject: Node, predicate: URIRef) -> list[Text]:
    found = [Text(str(o), o.language or "") for o in graph.objects(subject, predicate) if isinstance(o, Literal)]
    return sorted(found, key=lambda t: (t.lang != "en", t.lang, t.value))


def _pick(texts: Iterable[Text]) -> str:
    texts = list(texts)
    return next((t.value for t in texts if t.lang == "en"), texts[0].value if texts else "")


def _describe(term: Term, graph: Graph, names: _Names,
              mentions: Mapping[URIRef, Mapping[Node, list[Node]]]) -> None:
    """Labels, definitions and every axiom of the term, as links."""
    iri = term.iri
    term.labels = _texts(graph, iri, RDFS.label) + [
        Text(t.value + " (alternative)", t.lang) for t in _texts(graph, iri, SKOS.altLabel)]
    term.definitions = _texts(graph, iri, SKOS.definition)
    term.comments = _texts(graph, iri, RDFS.comment)
    facts: list[tuple[str, list[Markup]]] = []

    def add(title: str, nodes: Iterable[Node]) -> None:
        shown = sorted({_expression(graph, n, names) for n in nodes}, key=str)
        if shown:
            facts.append((title, shown))

    if term.kind == "class":
        add("subclass of", graph.objects(iri, RDFS.subClassOf))
        add("superclass of", graph.subjects(RDFS.subClassOf, iri))
        add("equivalent to", graph.objects(iri, OWL.equivalentClass))
        add("disjoint with", [*graph.objects(iri, OWL.disjointWith), *graph.subjects(OWL.disjointWith, iri)])
        add("in the domain of", mentions[RDFS.domain].get(iri, []))
        add("in the range of", mentions[RDFS.range].get(iri, []))
    else:
        add("domain", graph.objects(iri, RDFS.domain))
        add("range", graph.objects(iri, RDFS.range))
        add("subproperty of", graph.objects(iri, RDFS.subPropertyOf))
        add("superproperty of", graph.subjects(RDFS.subPropertyOf, iri))
        add("inverse of", [*graph.objects(iri, OWL.inverseOf), *graph.subjects(OWL.inverseOf, iri)])
        add("equivalent to", graph.objects(iri, OWL.equivalentProperty))
        add("characteristics", [c for c in _CHARACTERISTICS if (iri, RDF.type, c) in graph])
    add("mapped to (SKOS)", [o for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.relatedMatch)
                             for o in graph.objects(iri, p)])
    term.facts = facts


def _mentions(graph: Graph, axiom: URIRef) -> dict[Node, list[Node]]:
    """For each class, the properties whose ``axiom`` (domain, range) names it, or a union naming it."""
    found: dict[Node, list[Node]] = defaultdict(list)
    for prop, value in graph.subject_objects(axiom):
        for cls in ([value] if not isinstance(value, BNode) else _union_members(graph, value)):
            found[cls].append(prop)
    return found


def _union_members(graph: Graph, node: BNode) -> list[Node]:
    members = graph.value(node, OWL.unionOf)
    return list(Collection(graph, members)) if members is not None else []


def _expression(graph: Graph, node: Node, names: _Names, depth: int = 0) -> Markup:
    """A class expression in Manchester-like words, every named class a link."""
    if not isinstance(node, BNode) or depth > 4:
        return names.link(node)
    for key, word in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and ")):
        members = graph.value(node, key)
        if members is not None:
            parts = [_expression(graph, m, names, depth + 1) for m in Collection(graph, members)]
            return Markup("(") + Markup(word).join(parts) + Markup(")")
    complement = graph.value(node, OWL.complementOf)
    if complement is not None:
        return Markup("not ") + _expression(graph, complement, names, depth + 1)
    prop = graph.value(node, OWL.onProperty)
    if prop is not None:
        for key, word in ((OWL.someValuesFrom, "some"), (OWL.allValuesFrom, "only"), (OWL.hasValue, "value")):
            filler = graph.value(node, key)
            if filler is not None:
                return Markup("{} {} {}").format(names.link(prop), word,
                                                 _expression(graph, filler, names, depth + 1))
        for key, word in ((OWL.cardinality, "exactly"), (OWL.qualifiedCardinality, "exactly"),
                          (OWL.minCardinality, "min"), (OWL.minQualifiedCardinality, "min"),
                          (OWL.maxCardinality, "max"), (OWL.maxQualifiedCardinality, "max")):
            count = graph.value(node, key)
            if count is not None:
                on = graph.value(node, OWL.onClass)
                tail = Markup(" ") + _expression(graph, on, names, depth + 1) if on is not None else Markup("")
                return Markup("{} {} {}").format(names.link(prop), word, str(count)) + tail
    return Markup("<i>a class expression</i>")


def _licence(graph: Graph, iri: URIRef, names: _Names) -> Markup | None:
    licence = graph.value(iri, DCTERMS.license)
    return names.link(licence) if licence is not None else None


# --- shapes ----------------------------------------------------------------------------------------

@dataclass
class _ShapeInfo:
    page: Shape
    mentions: set[URIRef]

    @property
    def ref(self) -> ShapeRef:
        return ShapeRef(self.page.anchor, self.page.name, self.page.label, self.page.severity,
                        self.page.message)


def _shapes(graph: Graph, names: _Names) -> dict[URIRef, _ShapeInfo]:
    """Every named shape, with the IRIs it mentions (its targets, paths, classes, nested shapes)."""
    found: dict[URIRef, _ShapeInfo] = {}
    kinds = (URIRef(SH + "NodeShape"), URIRef(SH + "PropertyShape"))
    for kind in kinds:
        for shape in graph.subjects(RDF.type, kind):
            if not isinstance(shape, URIRef) or shape in found:
                continue
            mentions = _reachable_iris(graph, shape)
            targets = [graph.value(shape, URIRef(SH + t)) for t in
                       ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode", "path")]
            severity = graph.value(shape, URIRef(SH + "severity"))
            messages = _texts(graph, shape, URIRef(SH + "message"))
            name = names.curie(shape)
            name = name.removeprefix(BASE) if name == str(shape) else name  # shapes/places#…
            found[shape] = _ShapeInfo(Shape(
                anchor="shape-" + re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-"), name=name,
                label=_pick(_texts(graph, shape, RDFS.label)),
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
                message=_pick(messages),
                targets=[names.link(t) for t in targets if isinstance(t, URIRef)]), mentions)
    return found


def _reachable_iris(graph: Graph, start: URIRef) -> set[URIRef]:
    """The IRIs a shape names, following its blank nodes (nested shapes, lists)."""
    seen: set[Node] = set()
    todo: list[Node] = [start]
    iris: set[URIRef] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in graph.predicate_objects(node):
            if str(p) in (SH + "message", str(RDFS.label), str(RDFS.comment)):
                continue
            if isinstance(o, URIRef):
                iris.add(o)
            elif isinstance(o, BNode):
                todo.append(o)
    return iris


# --- usage and examples ---------------------------------------------------------------------------

def _graph_name(iri: str) -> str:
    return iri.removeprefix(str(G.ONTOLOGY).rsplit("/", 1)[0] + "/")


def _graph_order(item: tuple[str, int]) -> tuple[int, str]:
    name = item[0]
    rank = next((i for i, key in enumerate(_EXAMPLE_ORDER) if name.startswith(key)), len(_EXAMPLE_ORDER))
    return rank, name


def _usage(store: ox.Store) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    """Instances of each class and statements of each property, per named data graph."""
    schema = {str(G.ONTOLOGY), str(G.VOCAB), str(G.SHAPES)}
    classes: dict[str, dict[str, int]] = defaultdict(dict)
    for row in store.query("SELECT ?g ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x a ?c } } GROUP BY ?g ?c"):
        if row["g"].value not in schema and isinstance(row["c"], ox.NamedNode):
            classes[row["c"].value][_graph_name(row["g"].value)] = int(row["n"].value)
    properties: dict[str, dict[str, int]] = defaultdict(dict)
    for row in store.query("SELECT ?g ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ?p"):
        if row["g"].value not in schema:
            properties[row["p"].value][_graph_name(row["g"].value)] = int(row["n"].value)
    return classes, properties


def _examples(store: ox.Store, term: Term, names: _Names) -> list[Example]:
    """One statement that uses the term, from the first data graph that has one."""
    for graph, _ in term.usage:
        iri = f"{str(G.ONTOLOGY).rsplit('/', 1)[0]}/{graph}"
        if term.kind == "class":
            query = (f"SELECT ?s ?label WHERE {{ GRAPH <{iri}> {{ ?s a <{term.iri}> }} "
                     f"OPTIONAL {{ ?s <{RDFS.label}> ?label }} }} ORDER BY ?s LIMIT 1")
        else:
            query = (f"SELECT ?s ?o ?label WHERE {{ GRAPH <{iri}> {{ ?s <{term.iri}> ?o }} "
                     f"OPTIONAL {{ ?s <{RDFS.label}> ?label }} }} ORDER BY ?s LIMIT 1")
        for row in store.query(query, use_default_graph_as_union=False):
            subject = _ox_node(row["s"])
            label = row["label"].value if row["label"] is not None else ""
            shown = names.link(subject) + (Markup(" ({})").format(label) if label else Markup(""))
            if term.kind == "class":
                return [Example(shown, names.link(RDF.type), names.link(term.iri), graph)]
            return [Example(shown, names.link(term.iri), names.link(_ox_node(row["o"])), graph)]
    return []


def _ox_node(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return BNode(term.value)


# --- SKOS schemes ----------------------------------------------------------------------------------

def _schemes(vocab: Graph, iris: list[URIRef], store: ox.Store, names: _Names) -> list[Scheme]:
    usage: dict[str, int] = {}
    used_by: dict[str, set[str]] = defaultdict(set)
    schema = {str(G.ONTOLOGY), str(G.VOCAB), str(G.SHAPES)}
    for row in store.query(f"SELECT ?g ?p ?c (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?c }} "
                           f"FILTER(STRSTARTS(STR(?c), \"{BASE}vocab/\")) }} GROUP BY ?g ?p ?c"):
        if row["g"].value in schema:
            continue
        usage[row["c"].value] = usage.get(row["c"].value, 0) + int(row["n"].value)
        used_by[row["c"].value].add(row["p"].value)
    schemes = []
    for iri in iris:
        concepts = []
        members = sorted({c for c in vocab.subjects(SKOS.inScheme, iri) if isinstance(c, URIRef)},
                         key=lambda c: (str(vocab.value(c, SKOS.notation) or "~"), str(c)))
        properties: set[str] = set()
        for concept in members:
            properties |= used_by.get(str(concept), set())
            concepts.append(Concept(
                iri=concept, anchor=names.anchor(concept), curie=names.curie(concept),
                labels=_texts(vocab, concept, SKOS.prefLabel),
                definition=_pick(_texts(vocab, concept, SKOS.definition)),
                notation=str(vocab.value(concept, SKOS.notation) or ""),
                broader=[names.link(b) for b in vocab.objects(concept, SKOS.broader)],
                usage=usage.get(str(concept), 0)))
        schemes.append(Scheme(
            iri=iri, anchor=names.anchor(iri), curie=names.curie(iri),
            title=_pick(_texts(vocab, iri, SKOS.prefLabel)) or str(vocab.value(iri, DCTERMS.title) or iri),
            definition=_pick(_texts(vocab, iri, SKOS.definition)), concepts=concepts,
            used_by=[names.link(URIRef(p)) for p in sorted(properties)]))
    return schemes
