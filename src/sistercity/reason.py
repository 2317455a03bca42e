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
from typing import Any
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from .errors import InconsistentOntology, ReasonerUnavailable, SisterCityError
from .namespaces import SC


@dataclass(frozen=True)
class ConsistencyReport:
    """What HermiT said about the ontology and the curated data."""

    consistent: bool
    unsatisfiable: tuple[str, ...]
    axioms_checked: int
    seconds: float


@dataclass(frozen=True)
class Closure:
    """The triples an OWL 2 RL closure adds to its input (trivial ones left out)."""

    graph: Graph
    seconds: float
    input_triples: int


def check_consistency(graph: Graph) -> ConsistencyReport:
    """Run HermiT on ``graph`` (ontology + curated data) and raise if it is inconsistent.

    Raises:
        ReasonerUnavailable: Java is not installed.
        InconsistentOntology: the graph is inconsistent, or some class is unsatisfiable; the
            message names the individuals and the disjointness axioms involved where it can.
    """
    import owlready2

    java = shutil.which(owlready2.JAVA_EXE) or shutil.which("java")
    if java is None:
        raise ReasonerUnavailable(
            "HermiT needs Java, and no `java` is on PATH. Install a Java runtime "
            "(Debian/Ubuntu: `sudo apt-get install default-jre-headless`; `make run` does this "
            "when run as root), then run again.")
    owlready2.JAVA_EXE = java
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
            # check can run in a thread beside the SHACL validation.
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
    closed = Graph()
    closed.addN((s, p, o, closed) for s, p, o in graph)
    closed.addN((s, p, o, closed) for s, p, o in rl_closure(graph).graph)
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


def rl_closure(*graphs: Graph) -> Closure:
    """Compute the OWL 2 RL closure of the union of ``graphs`` with `reasonable`; return only
    the triples that none of them holds, leaving out trivial ones and memberships of anonymous
    class expressions (restrictions, unions), which no user queries and which would only
    multiply the size of the graph."""
    import reasonable

    started = time.perf_counter()
    reasoner = reasonable.PyReasoner()
    for graph in graphs:
        reasoner.from_graph(graph)
    asserted = {_plain(t) for graph in graphs for t in graph}
    inferred = Graph()
    inferred.addN((s, p, o, inferred) for s, p, o in reasoner.reason()
                  if not _trivial(s, p, o) and _plain((s, p, o)) not in asserted)
    return Closure(graph=inferred, seconds=time.perf_counter() - started,
                   input_triples=sum(len(g) for g in graphs))


class BackgroundClosure:
    """:func:`rl_closure` running in a forked child process (reasonable holds the GIL, so a
    thread would not run beside the SHACL validation)."""

    def __init__(self, *graphs: Graph) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._child = context.Process(target=_closure_child, args=(graphs, sender), daemon=True)
        self._child.start()
        sender.close()

    def result(self) -> Closure:
        """Wait for the closure.

        Raises:
            SisterCityError: the child failed; its error is in the message.
        """
        try:
            status, payload, seconds, size = self._receiver.recv()
        except EOFError:
            status, payload, seconds, size = "error", "the reasoning process ended without an answer", 0, 0
        self._child.join()
        if status == "error":
            raise SisterCityError(f"OWL RL closure failed: {payload}")
        graph = Graph()
        graph.parse(data=payload, format="nt")
        return Closure(graph=graph, seconds=seconds, input_triples=size)

    def cancel(self) -> None:
        """Stop the child (the build failed before it needed the closure)."""
        if self._child.is_alive():
            self._child.terminate()
        self._child.join()


def _closure_child(graphs: tuple[Graph, ...], sender: Any) -> None:
    try:
        closure = rl_closure(*graphs)
        sender.send(("ok", closure.graph.serialize(format="nt"), closure.seconds, closure.input_triples))
    except Exception as exc:  # reported to the parent, which raises it as a typed error
        sender.send(("error", f"{type(exc).__name__}: {exc}", 0, 0))
    finally:
        sender.close()


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


_TRIVIAL_OBJECTS = {OWL.Thing, RDFS.Resource}


def _trivial(s: object, p: object, o: object) -> bool:
    """Triples every RL closure adds to everything, which would only bloat the graph."""
    if p == RDF.type and (o in _TRIVIAL_OBJECTS or isinstance(o, BNode)):
        return True
    if p in (OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty, RDFS.subClassOf,
             RDFS.subPropertyOf) and s == o:
        return True
    if p == RDFS.subClassOf and o in (OWL.Thing, RDFS.Resource):
        return True
    return s in (OWL.Thing, OWL.Nothing) or o == OWL.Nothing and p != RDF.type


def _local(iri: URIRef) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rsplit("/", 1)[-1]
