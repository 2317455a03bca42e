"""HermiT (through owlready2) finds the ontology and vocabularies consistent and classifies with them."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import owlready2
import pytest
from rdflib import OWL, RDF, Graph, Literal, URIRef

from sistercity.core.namespaces import ID, SC, VOCAB

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("java") is None,
                                reason="HermiT needs Java on PATH (see scripts/system-deps.sh)")

# Individuals after the seed case: LAPI ITB advised Bandung in KSP's bus-system reform study;
# ITB owns LAPI ITB but advocated nothing itself.
LAPI_ITB, ITB = ID["org/lapi-itb"], ID["org/itb"]
BUS_REFORM = ID["project/ksp-bandung-bus-system-reform-2017"]
BANDUNG_GOV, BANDUNG = ID["org/bandung-city-government"], ID["city/id/bandung"]
WEST_JAVA_GOV, WEST_JAVA = ID["org/west-java-provincial-government"], ID["region/id-jb"]


def ontology_and_vocab() -> Graph:
    """Every ontology and vocabulary file as one graph, without owl:imports.

    The imports name w3id.org IRIs; owlready2 would try to fetch them over the network, and
    every module they name is in this graph already.
    """
    graph = Graph()
    for path in [ROOT / "ontology" / "sistercity.ttl",
                 *sorted((ROOT / "ontology" / "modules").glob("*.ttl")),
                 *sorted((ROOT / "ontology" / "vocab").glob("*.ttl"))]:
        graph.parse(path, format="turtle")
    graph.remove((None, OWL.imports, None))
    return graph


def reason(graph: Graph, folder: Path) -> owlready2.World:
    """Load ``graph`` into a fresh owlready2 world through N-Triples and run HermiT on it."""
    path = folder / "sistercity.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(path.as_uri()).load()
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    return world


@pytest.fixture(scope="module")
def reasoned(tmp_path_factory: pytest.TempPathFactory) -> owlready2.World:
    """Ontology, vocabularies and a few seed-case individuals after HermiT classification."""
    graph = ontology_and_vocab()
    for s, p, o in [
        (LAPI_ITB, RDF.type, SC.Consultancy),
        (LAPI_ITB, SC.actsAsAdvocateIn, BUS_REFORM),
        (LAPI_ITB, SC.ownedBy, ITB),
        (ITB, RDF.type, SC.University),
        (BUS_REFORM, RDF.type, SC.AdvocacyProject),
        (BUS_REFORM, SC.policyArea, VOCAB["policy-area/transport"]),
        (BUS_REFORM, SC.evidenceText, Literal("Support for the Establishment of Bus System "
                                              "Reform Strategy in Bandung 2017/2018", lang="id")),
        (BANDUNG_GOV, RDF.type, SC.SubnationalGovernment),
        (BANDUNG_GOV, SC.governs, BANDUNG),
        (BANDUNG, RDF.type, SC.City),
        (WEST_JAVA_GOV, RDF.type, SC.SubnationalGovernment),
        (WEST_JAVA_GOV, SC.governs, WEST_JAVA),
        (WEST_JAVA, RDF.type, SC.Region),
    ]:
        graph.add((s, p, o))
    return reason(graph, tmp_path_factory.mktemp("hermit"))


def is_a(world: owlready2.World) -> Callable[[URIRef, URIRef], bool]:
    """A test ``(individual, class) -> bool`` over the world's inferred types."""
    return lambda individual, cls: isinstance(world[str(individual)], world[str(cls)])


def test_ontology_is_consistent_with_no_unsatisfiable_class(reasoned: owlready2.World) -> None:
    # sync_reasoner_hermit raises OwlReadyInconsistentOntologyError if it is not consistent.
    assert list(reasoned.inconsistent_classes()) == []
    assert reasoned[str(SC.Advocate)] is not None


def test_an_actor_advocating_in_a_project_is_classified_advocate(reasoned: owlready2.World) -> None:
    check = is_a(reasoned)
    assert check(LAPI_ITB, SC.Advocate)
    assert not check(ITB, SC.Advocate)


def test_subnational_governments_are_classified_by_what_they_govern(reasoned: owlready2.World) -> None:
    check = is_a(reasoned)
    assert check(BANDUNG_GOV, SC.CityGovernment) and not check(BANDUNG_GOV, SC.ProvincialGovernment)
    assert check(WEST_JAVA_GOV, SC.ProvincialGovernment)
    assert not check(WEST_JAVA_GOV, SC.CityGovernment)


def test_a_city_that_is_its_own_government_is_inconsistent(tmp_path: Path) -> None:
    graph = ontology_and_vocab()
    graph.add((BANDUNG, RDF.type, SC.City))
    graph.add((BANDUNG, RDF.type, SC.CityGovernment))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        reason(graph, tmp_path)
