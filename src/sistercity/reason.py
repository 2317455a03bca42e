"""Build step 3: OWL reasoning — HermiT consistency check, then an OWL 2 RL closure.

HermiT (through owlready2, on Java) proves the ontology and the curated data consistent and finds
unsatisfiable classes; it is a complete OWL 2 DL reasoner but slow on large ABoxes, so the world
network is left to the RL closure, which `reasonable` (Rust) computes in seconds where owlrl takes
minutes (figures in bench/).
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .errors import InconsistentOntology, ReasonerUnavailable
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
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
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


def rl_closure(graph: Graph) -> Closure:
    """Compute the OWL 2 RL closure of ``graph`` with `reasonable`; return only the new triples."""
    import reasonable

    started = time.perf_counter()
    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(graph)
    inferred = Graph()
    inferred.addN((s, p, o, inferred) for s, p, o in reasoner.reason()
                  if (s, p, o) not in graph and not _trivial(s, p, o))
    return Closure(graph=inferred, seconds=time.perf_counter() - started, input_triples=len(graph))


def twinning_shortcuts(graph: Graph) -> Graph:
    """Materialise ``sc:twinnedWith`` both ways between the two partners of every sc:Twinning.

    OWL cannot derive it without also twinning each place with itself (a property chain through
    ``sc:partner`` reaches back to its start), so it is a rule of the build instead.
    """
    shortcuts = Graph()
    for twinning in graph.subjects(RDF.type, SC.Twinning):
        partners = sorted(set(graph.objects(twinning, SC.partner)))
        if len(partners) == 2:
            a, b = partners
            for s, o in ((a, b), (b, a)):
                if (s, SC.twinnedWith, o) not in graph:
                    shortcuts.add((s, SC.twinnedWith, o))
    return shortcuts


_TRIVIAL_OBJECTS = {OWL.Thing, RDFS.Resource}


def _trivial(s: object, p: object, o: object) -> bool:
    """Triples every RL closure adds to everything, which would only bloat the graph."""
    if p == RDF.type and o in _TRIVIAL_OBJECTS:
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
