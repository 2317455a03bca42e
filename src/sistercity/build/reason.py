"""Build step 3: OWL reasoning — HermiT consistency check, then an OWL 2 RL closure.

HermiT (through owlready2, on Java) proves the ontology and the curated data consistent and finds
unsatisfiable classes; it is a complete OWL 2 DL reasoner but slow on large ABoxes, so the world
network is left to the RL closure, which `reasonable` (Rust) computes in seconds where owlrl takes
minutes (figures in bench/).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from sistercity.core import ntriples as nt
from sistercity.core.errors import InconsistentOntology, ReasonerUnavailable
from sistercity.core.namespaces import SC


@dataclass(frozen=True)
class ConsistencyReport:
    """What HermiT said about the ontology and the curated data."""

    consistent: bool
    unsatisfiable: tuple[str, ...]
    axioms_checked: int
    seconds: float


@dataclass(frozen=True)
class Closure:
    """The triples an OWL 2 RL closure adds to its input (trivial ones left out), as N-Triples."""

    ntriples: str
    size: int
    seconds: float
    input_triples: int

    @cached_property
    def graph(self) -> Graph:
        """The inferred triples as an rdflib graph (parsed on first use)."""
        return nt.parse(self.ntriples)


def java_executable() -> str:
    """The Java runtime HermiT runs on.

    Raises:
        ReasonerUnavailable: Java is not installed.
    """
    import owlready2

    java = shutil.which(owlready2.JAVA_EXE) or shutil.which("java")
    if java is None:
        raise ReasonerUnavailable(
            "HermiT needs Java, and no `java` is on PATH. Install a Java runtime "
            "(Debian/Ubuntu: `sudo apt-get install default-jre-headless`; `make run` does this "
            "when run as root), then run again.")
    return java


def check_consistency(graph: Graph) -> ConsistencyReport:
    """Run HermiT on ``graph`` (ontology + curated data) and raise if it is inconsistent.

    Raises:
        ReasonerUnavailable: Java is not installed.
        InconsistentOntology: the graph is inconsistent, or some class is unsatisfiable; the
            message names the individuals and the disjointness axioms involved where it can.
    """
    import owlready2

    owlready2.JAVA_EXE = java_executable()
    started = time.perf_counter()
    world = owlready2.World()
    with tempfile.TemporaryDirectory(prefix="sistercity-hermit-") as tmp:
        path = Path(tmp) / "input.nt"
        # Every module is already in `graph`; owlready2 would try to download owl:imports.
        offline = Graph()
        offline.addN((s, p, o, offline) for s, p, o in graph if p != OWL.imports)
        offline.serialize(path, format="nt", encoding="utf-8")
        world.get_ontology(path.as_uri()).load(format="ntriples")
        try:
            # HermiT knows no xsd:gYear/gYearMonth (dates the sources give as years): skip them.
            # debug=0 keeps owlready2 quiet, so nothing global (stdout) needs redirecting and the
            # check can run in a child process beside the SHACL validation.
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                           ignore_unsupported_datatypes=True)
        except owlready2.OwlReadyInconsistentOntologyError:
            raise InconsistentOntology(
                "the ontology and data are inconsistent (HermiT).\n"
                + explain_inconsistency(graph)) from None
    unsatisfiable = tuple(sorted(str(c.iri) for c in world.inconsistent_classes()
                                 if c.iri != str(OWL.Nothing)))
    if unsatisfiable:
        raise InconsistentOntology(
            "unsatisfiable classes (HermiT): " + ", ".join(unsatisfiable)
            + "\n  Check their owl:disjointWith, owl:equivalentClass and rdfs:subClassOf axioms.")
    return ConsistencyReport(consistent=True, unsatisfiable=(), axioms_checked=len(graph),
                             seconds=time.perf_counter() - started)


def explain_inconsistency(graph: Graph) -> str:
    """Name individuals that belong to two disjoint classes, with the axiom that forbids it.

    Types come from the RL closure too, so a class reached through a property's domain or range
    (the usual way an extension makes a place into an actor) is found.
    """
    try:
        inferred = rl_closure(graph).graph
    except InconsistentOntology as broken:  # a functional property with two values explains it
        return "  " + str(broken)
    closed = Graph()
    closed.addN((s, p, o, closed) for s, p, o in graph)
    closed.addN((s, p, o, closed) for s, p, o in inferred)
    rows = closed.query("""
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?x ?a ?b WHERE {
          { ?a owl:disjointWith ?b } UNION
          { ?d a owl:AllDisjointClasses ; owl:members/rdf:rest*/rdf:first ?a, ?b . FILTER(?a != ?b) }
          ?x a/rdfs:subClassOf* ?a .
          ?x a/rdfs:subClassOf* ?b .
          FILTER(isIRI(?x))
        } ORDER BY ?x ?a ?b""")
    lines = [f"  <{x}> is both a <{a}> and a <{b}>, but the ontology says {_local(a)} "
             f"owl:disjointWith {_local(b)}" for x, a, b in rows]
    if not lines:
        return "  (no individual in two disjoint classes; look at functional properties, " \
               "owl:sameAs and cardinality axioms)"
    return "\n".join(lines) + "\n  Fix the data (a place is not its government) or the axiom."


def rl_closure(*graphs: Graph, ntriples: str = "") -> Closure:
    """Compute the OWL 2 RL closure of the union of ``graphs`` (and of the N-Triples text
    ``ntriples``) with `reasonable`; return only the triples that the input does not hold,
    leaving out trivial ones and those about anonymous class expressions (restrictions, unions:
    blank nodes), which no user queries and which would only multiply the size of the graph.

    ``owl:FunctionalProperty`` is checked here instead of by reasonable's rule prp-fp: that
    rule took 12 s and 5 GB on the 17,000 ``sc:inCountry`` triples of the world graph, to
    derive only the ``owl:sameAs`` of each country with itself. On data that gives no subject
    two values of a functional property the rule derives nothing else; a subject with two
    values is reported as an inconsistency (for the core properties the shapes say so first,
    with ``sh:maxCount 1``).

    Raises:
        InconsistentOntology: a subject has two values of a functional property.
    """
    import reasonable

    started = time.perf_counter()
    reasoner = reasonable.PyReasoner()
    functional: set[Node] = set()
    for graph in graphs:
        declared = set(graph.subjects(RDF.type, OWL.FunctionalProperty))
        functional |= declared
        reasoner.from_graph(_without_functional(graph) if declared else graph)
    size = sum(len(g) for g in graphs)
    if ntriples:
        size += ntriples.count("\n")
        ntriples = _without_inert_literals(ntriples, inert_literal_predicates(*graphs))
        with tempfile.TemporaryDirectory(prefix="sistercity-closure-") as tmp:
            # reasonable picks its parser by file extension, Turtle only: N-Triples is Turtle.
            path = Path(tmp) / "input.ttl"
            path.write_text(ntriples, encoding="utf-8")
            reasoner.load_file(str(path))
    closed = reasoner.reason()
    _check_functional(functional, closed)
    # Compared as N-Triples lines: strings hash far faster than rdflib terms, and the input is
    # text already (nt.term writes xsd:string literals plain, as RDF 1.1 reads them).
    asserted = set(ntriples.splitlines(keepends=True))
    for graph in graphs:
        asserted.update(nt.lines(graph).splitlines(keepends=True))
    term = nt.term
    inferred = []
    for s, p, o in closed:
        # IRIs written inline: nt.term's checks, ~2.6 million calls with the world, cost a second.
        line = " ".join(f"<{t}>" if type(t) is URIRef else term(t) for t in (s, p, o)) + " .\n"
        if line not in asserted and not _trivial(s, p, o):
            inferred.append(line)
    return Closure(ntriples="".join(inferred), size=len(inferred),
                   seconds=time.perf_counter() - started, input_triples=size)


# Predicates that say nothing about a property's semantics: its documentation and declaration.
_DOCUMENTING = {RDF.type, RDFS.label, RDFS.comment, RDFS.isDefinedBy, RDFS.seeAlso,
                URIRef("http://www.w3.org/2004/02/skos/core#definition"),
                URIRef("http://www.w3.org/2004/02/skos/core#exactMatch"),
                URIRef("http://www.w3.org/2004/02/skos/core#closeMatch"),
                URIRef("http://www.w3.org/2004/02/skos/core#note"), OWL.versionInfo, OWL.deprecated}
_PLAIN_DECLARATIONS = {OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}
_EVERYTHING = {OWL.Thing, RDFS.Resource}
_LITERAL_SPACES = (str(XSD), str(RDF), str(RDFS.Literal))


def inert_literal_predicates(*tbox: Graph) -> set[str]:
    """Predicates whose triples with a literal value give an OWL 2 RL reasoner nothing to derive
    but trivia, as N-Triples terms.

    A predicate qualifies when the graphs only declare and document it (a plain data or
    annotation property, a domain of owl:Thing, a datatype range) and never mention it anywhere
    else (as a superproperty, in a restriction, a key, a chain, an inverse or a disjointness):
    its literal triples then yield only ``s a owl:Thing`` and typed literals, which the closure
    leaves out anyway. rdf:, rdfs: and owl: terms never qualify, except rdfs:label and rdfs:comment.
    """
    mentioned: set[Node] = set()
    semantic: set[Node] = set()
    for graph in tbox:
        for s, p, o in graph:
            mentioned.add(o)
            if p in _DOCUMENTING and (p != RDF.type or o in _PLAIN_DECLARATIONS):
                continue
            if p == RDFS.domain and o in _EVERYTHING:
                continue
            if p == RDFS.range and str(o).startswith(_LITERAL_SPACES):
                continue
            semantic.add(s)
    candidates = {p for graph in tbox for p in graph.subjects(RDF.type, None)} | {RDFS.label, RDFS.comment}
    return {f"<{p}>" for p in candidates
            if isinstance(p, URIRef) and p not in semantic and p not in mentioned
            and (p in (RDFS.label, RDFS.comment) or not str(p).startswith((str(RDF), str(RDFS), str(OWL))))}


def _without_inert_literals(ntriples: str, inert: set[str]) -> str:
    """The N-Triples lines of ``ntriples`` but those with an inert predicate and a literal value."""
    kept = []
    for line in ntriples.splitlines(keepends=True):
        parts = line.split(" ", 2)
        if len(parts) == 3 and parts[1] in inert and parts[2].startswith('"'):
            continue
        kept.append(line)
    return "".join(kept)


def _without_functional(graph: Graph) -> Graph:
    """A copy of ``graph`` without its owl:FunctionalProperty declarations (see rl_closure)."""
    copy = Graph()
    copy.addN((s, p, o, copy) for s, p, o in graph
              if not (p == RDF.type and o == OWL.FunctionalProperty))
    return copy


def _check_functional(functional: set[Node], triples: list[tuple[Node, Node, Node]]) -> None:
    """Raise if a subject has two values of a functional property (asserted or inferred)."""
    if not functional:
        return
    values: dict[tuple[Node, Node], set[Node]] = {}
    for s, p, o in triples:
        if p in functional:
            values.setdefault((s, p), set()).add(_plain((s, p, o))[2])
    broken = sorted((s, p, sorted(v)) for (s, p), v in values.items() if len(v) > 1)
    if broken:
        lines = [f"  <{s}> has {len(v)} values of the functional property <{p}>: "
                 + ", ".join(x.n3() for x in v) for s, p, v in broken[:20]]
        raise InconsistentOntology(
            "the data break owl:FunctionalProperty (OWL 2 RL rule prp-fp):\n" + "\n".join(lines)
            + "\n  Keep one value (one claim per source, on separate nodes, if sources disagree).")


def _plain(triple: tuple[Node, Node, Node]) -> tuple[Node, Node, Node]:
    """The triple with an xsd:string literal written as a plain one (reasonable returns either)."""
    s, p, o = triple
    if isinstance(o, Literal) and o.datatype == XSD.string:
        return s, p, Literal(str(o))
    return triple


def twinning_shortcuts(*graphs: Graph) -> Graph:
    """Materialise ``sc:twinnedWith`` both ways between the two partners of every sc:Twinning.

    OWL cannot derive it without also twinning each place with itself (a property chain through
    ``sc:partner`` reaches back to its start), so it is a rule of the build instead.
    """
    shortcuts = Graph()
    for graph in graphs:
        for twinning in graph.subjects(RDF.type, SC.Twinning):
            partners = sorted(set(graph.objects(twinning, SC.partner)))
            if len(partners) == 2:
                a, b = partners
                for s, o in ((a, b), (b, a)):
                    if not any((s, SC.twinnedWith, o) in g for g in graphs):
                        shortcuts.add((s, SC.twinnedWith, o))
    return shortcuts


# Looked up once: _trivial runs on every derived triple (~400,000 with the world), and each
# attribute of an rdflib namespace is a function call.
_TYPE, _SUBCLASS, _NOTHING = RDF.type, RDFS.subClassOf, OWL.Nothing
_TRIVIAL_OBJECTS = frozenset({OWL.Thing, RDFS.Resource})
_TRIVIAL_SUBJECTS = frozenset({OWL.Thing, OWL.Nothing})
_REFLEXIVE = frozenset({OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty, RDFS.subClassOf,
                        RDFS.subPropertyOf})


def _trivial(s: object, p: object, o: object) -> bool:
    """Triples every RL closure adds to everything, which would only bloat the graph."""
    if isinstance(s, BNode) or isinstance(o, BNode):
        return True  # about anonymous class expressions; and a blank node means nothing outside its graph
    if (p == _TYPE or p == _SUBCLASS) and o in _TRIVIAL_OBJECTS:
        return True
    if p in _REFLEXIVE and s == o:
        return True
    return s in _TRIVIAL_SUBJECTS or o == _NOTHING and p != _TYPE


def _local(iri: URIRef) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rsplit("/", 1)[-1]
