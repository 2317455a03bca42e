"""The ontology header, its terms and the SKOS concept schemes are complete and OWL 2 DL-safe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib.namespace as rdfns
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

import sistercity
from sistercity.core.namespaces import DBO, ONTOLOGY_IRI, SC, VANN, VOCAB, WDT

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "sources" / "texts" / "bandung-seoul-smart-city-paradiplomacy.txt"
MODULES = ("places", "actors", "legal", "agreements", "advocacy", "policy", "outcomes", "provenance",
           "network", "claims", "patterns")
SCHEMES = ("transfer-mechanism", "diffusion-type", "smart-city-dimension", "advocacy-modality",
           "ksp-process-stage", "venue-role", "sci-principle", "agreement-status",
           "assessment-result", "policy-area", "actor-role", "tie-kind", "continent", "un-subregion")
SC_NS = str(SC._NS)
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty)

# Properties that deliberately lack an rdfs:range (or domain). sc:notStatedInSource points at
# property IRIs (schema:startDate …) used as individuals; its natural range, rdf:Property, is
# reserved vocabulary that OWL 2 DL forbids as a class expression, so SHACL checks it instead.
NO_RANGE = {SC.notStatedInSource}
NO_DOMAIN: set[URIRef] = set()

# The open XSD Namespace, not rdflib's closed class: pytest probes every module global, and the
# closed class warns on each probe.
XSD = rdfns.XSD._NS
# IRIs whose use as predicate, class or axiom target needs no declaration in OWL 2.
BUILT_IN = (str(RDF), str(RDFS), str(OWL), str(XSD))


def _module_iri(name: str) -> URIRef:
    return URIRef(f"https://w3id.org/sistercity/ontology/modules/{name}")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """The header and all modules as one graph."""
    graph = Graph().parse(ROOT / "ontology" / "sistercity.ttl", format="turtle")
    for name in MODULES:
        graph.parse(ROOT / "ontology" / "modules" / f"{name}.ttl", format="turtle")
    return graph


@pytest.fixture(scope="module")
def vocab() -> dict[str, Graph]:
    """Each concept scheme file, parsed on its own."""
    return {slug: Graph().parse(ROOT / "ontology" / "vocab" / f"{slug}.ttl", format="turtle")
            for slug in SCHEMES}


def sc_terms(graph: Graph, *types: URIRef) -> set[URIRef]:
    """The sc: subjects of ``graph`` typed with any of ``types``."""
    return {s for t in types for s in graph.subjects(RDF.type, t)
            if isinstance(s, URIRef) and str(s).startswith(SC_NS)}


def documented_concepts() -> dict[str, list[str]]:
    """``{scheme: [concept slugs]}`` from the concept-scheme table of docs/modelling.md."""
    schemes = {}
    for line in (ROOT / "docs" / "modelling.md").read_text(encoding="utf-8").splitlines():
        row = re.match(r"\| `([a-z-]+)` \| (.+) \|$", line)
        if row and row.group(1) in SCHEMES:
            schemes[row.group(1)] = re.findall(r"`([a-z-]+)`", row.group(2))
    return schemes


def seed_text() -> str:
    """The seed article with all whitespace runs collapsed to one space."""
    return re.sub(r"\s+", " ", SEED.read_text(encoding="utf-8"))


# --- header ---------------------------------------------------------------------------


def test_header_has_every_field(ontology: Graph) -> None:
    one = ontology.value
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert one(ONTOLOGY_IRI, DCTERMS.title).language == "en"
    assert len(str(one(ONTOLOGY_IRI, DCTERMS.description))) > 100
    assert one(ONTOLOGY_IRI, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert one(ONTOLOGY_IRI, DCTERMS.creator) == Literal("Sister City KG developers")
    assert one(ONTOLOGY_IRI, DCTERMS.created).datatype == XSD.date
    assert one(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{sistercity.__version__}")
    assert one(ONTOLOGY_IRI, OWL.versionInfo) == Literal(sistercity.__version__) == Literal("0.1.0")
    assert one(ONTOLOGY_IRI, VANN.preferredNamespacePrefix) == Literal("sc")
    assert one(ONTOLOGY_IRI, VANN.preferredNamespaceUri) == Literal(SC_NS)


def test_header_imports_every_module_and_each_module_has_its_own_header(ontology: Graph) -> None:
    assert set(ontology.objects(ONTOLOGY_IRI, OWL.imports)) == {_module_iri(m) for m in MODULES}
    for name in MODULES:
        iri = _module_iri(name)
        assert (iri, RDF.type, OWL.Ontology) in ontology, name
        assert ontology.value(iri, DCTERMS.title).language == "en", name
        assert ontology.value(iri, DCTERMS.description) is not None, name
        assert ontology.value(iri, OWL.versionInfo) == Literal(sistercity.__version__), name


# --- terms ----------------------------------------------------------------------------


def test_every_term_has_one_english_label_and_a_definition(ontology: Graph) -> None:
    terms = sc_terms(ontology, OWL.Class, *PROPERTY_TYPES)
    bad = []
    for term in sorted(terms):
        labels_en = [x for x in ontology.objects(term, RDFS.label) if x.language == "en"]
        definitions = [x for x in ontology.objects(term, SKOS.definition) if x.language == "en"]
        if len(labels_en) != 1 or len(definitions) != 1 or len(str(definitions[0]).split()) < 6:
            bad.append(term)
    assert not bad, f"missing or duplicate @en label, or no real skos:definition: {bad}"
    assert len(terms) == 189


def test_indonesian_labels_of_the_seed_article(ontology: Graph) -> None:
    def label_id(term: URIRef) -> str:
        return next(str(x) for x in ontology.objects(term, RDFS.label) if x.language == "id")
    assert label_id(SC.CityGovernment) == "pemerintah kota"
    assert label_id(SC.SubnationalGovernment) == "pemerintah daerah"
    assert label_id(SC.LocalAgency) == "Satuan Kerja Perangkat Daerah (SKPD)"
    assert label_id(SC.MemorandumOfUnderstanding) == "nota kesepahaman (MoU)"
    assert label_id(SC.AdvocacyProject) == "advokasi kebijakan"
    assert label_id(SC.PolicyTransfer) == "transfer kebijakan"
    assert label_id(SC.LegalInstrument) == "undang-undang"
    assert label_id(SC.LegalProvision) == "pasal"
    assert (SC.Plan, SKOS.altLabel, Literal("rencana induk", lang="id")) in ontology
    assert (SC.PolicyTransfer, SKOS.altLabel, Literal("difusi kebijakan", lang="id")) in ontology


def test_every_property_has_a_domain_and_a_range(ontology: Graph) -> None:
    properties = sc_terms(ontology, *PROPERTY_TYPES)
    no_domain = {p for p in properties if ontology.value(p, RDFS.domain) is None} - NO_DOMAIN
    no_range = {p for p in properties if ontology.value(p, RDFS.range) is None} - NO_RANGE
    assert not no_domain and not no_range, f"no domain: {no_domain}; no range: {no_range}"
    assert ontology.value(SC.notStatedInSource, RDFS.range) is None


def test_unions_in_domains_and_ranges_are_owl_union_lists(ontology: Graph) -> None:
    range_ = ontology.value(SC.concerns, RDFS.range)
    assert isinstance(range_, BNode)
    members = list(ontology.items(ontology.value(range_, OWL.unionOf)))
    assert members == [SC.Twinning, SC.AdvocacyProject, SC.Outcome, SC.Policy]
    domain = ontology.value(SC.monetaryValue, RDFS.domain)
    assert list(ontology.items(ontology.value(domain, OWL.unionOf))) == [SC.Agreement, SC.Outcome]


def test_no_iri_is_both_an_object_and_a_datatype_property(ontology: Graph) -> None:
    both = set(ontology.subjects(RDF.type, OWL.ObjectProperty)) & set(
        ontology.subjects(RDF.type, OWL.DatatypeProperty))
    assert both == set()


def test_datatype_ranges_are_in_the_owl2_datatype_map(ontology: Graph) -> None:
    # xsd:gYear / gYearMonth are not in the OWL 2 map; dates carry no range (see places.ttl).
    allowed = {XSD.string, XSD.decimal, XSD.nonNegativeInteger, XSD.positiveInteger,
               RDF.PlainLiteral}
    ranges = {p: ontology.value(p, RDFS.range) for p in sc_terms(ontology, OWL.DatatypeProperty)}
    assert {p: r for p, r in ranges.items() if r not in allowed} == {}
    # rdf:langString is RDF 1.1 and outside the OWL 2 map; OWL 2 names tagged strings so.
    assert ontology.value(SC.evidenceText, RDFS.range) == RDF.PlainLiteral


def test_every_external_term_used_is_declared_with_a_label(ontology: Graph) -> None:
    used = set()
    for s, p, o in ontology:
        used.add(p)
        if p in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.disjointWith,
                 OWL.someValuesFrom, OWL.onProperty) or (p == RDF.first):
            used.add(o)
    external = {t for t in used if isinstance(t, URIRef)
                and not str(t).startswith(BUILT_IN) and not str(t).startswith(SC_NS)}
    undeclared = {t for t in external if ontology.value(t, RDF.type) is None
                  or ontology.value(t, RDFS.label) is None}
    assert undeclared == set(), "declare these external terms (type, label, isDefinedBy)"
    assert (SKOS.definition, RDF.type, OWL.AnnotationProperty) in ontology
    assert (DCTERMS.title, RDF.type, OWL.AnnotationProperty) in ontology
    assert (SKOS.exactMatch, RDF.type, OWL.AnnotationProperty) in ontology
    assert (URIRef("https://schema.org/startDate"), RDF.type, OWL.DatatypeProperty) in ontology
    assert ontology.value(URIRef("https://schema.org/startDate"), RDFS.range) is None


def test_twinned_with_is_symmetric_without_inverse_or_chain(ontology: Graph) -> None:
    t = SC.twinnedWith
    assert {OWL.ObjectProperty, OWL.SymmetricProperty} <= set(ontology.objects(t, RDF.type))
    assert ontology.value(t, RDFS.domain) == SC.Place == ontology.value(t, RDFS.range)
    assert ontology.value(t, OWL.inverseOf) is None and ontology.value(None, OWL.inverseOf, t) is None
    assert ontology.value(t, OWL.propertyChainAxiom) is None
    assert ontology.value(t, SKOS.exactMatch) == WDT.P190
    assert ontology.value(t, RDFS.subPropertyOf) == DBO.twinTown
    assert (DBO.twinTown, RDF.type, OWL.ObjectProperty) in ontology


def test_characteristics_the_modelling_guide_gives(ontology: Graph) -> None:
    assert (SC.locatedIn, RDF.type, OWL.TransitiveProperty) in ontology
    assert (SC.inCountry, RDF.type, OWL.FunctionalProperty) in ontology
    assert (SC.inCountry, RDFS.subPropertyOf, SC.locatedIn) in ontology
    assert (SC.Membership, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Membership")) in ontology
    assert (SC.Actor, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Agent")) in ontology


@pytest.mark.parametrize(("a", "b"), [
    (SC.Place, SC.Actor), (SC.Person, SC.Organisation), (SC.Agreement, SC.Place),
    (SC.Agreement, SC.Actor), (SC.Source, SC.Place), (SC.Source, SC.Actor)])
def test_disjointness_that_catches_modelling_errors(ontology: Graph, a: URIRef, b: URIRef) -> None:
    assert (a, OWL.disjointWith, b) in ontology or (b, OWL.disjointWith, a) in ontology


@pytest.mark.parametrize(("defined", "base", "prop", "filler"), [
    (SC.Advocate, SC.Actor, SC.actsAsAdvocateIn, SC.AdvocacyProject),
    (SC.CityGovernment, SC.SubnationalGovernment, SC.governs, SC.City),
    (SC.ProvincialGovernment, SC.SubnationalGovernment, SC.governs, SC.Region)])
def test_defined_classes(ontology: Graph, defined: URIRef, base: URIRef, prop: URIRef,
                         filler: URIRef) -> None:
    expression = ontology.value(defined, OWL.equivalentClass)
    first, restriction = ontology.items(ontology.value(expression, OWL.intersectionOf))
    assert first == base
    assert ontology.value(restriction, OWL.onProperty) == prop
    assert ontology.value(restriction, OWL.someValuesFrom) == filler


# --- concept schemes --------------------------------------------------------------------


def test_every_scheme_has_its_metadata_and_the_documented_concepts(vocab: dict[str, Graph]) -> None:
    documented = documented_concepts()
    assert set(documented) == set(SCHEMES)
    for slug, graph in vocab.items():
        scheme = VOCAB[slug]
        assert list(graph.subjects(RDF.type, SKOS.ConceptScheme)) == [scheme], slug
        assert graph.value(scheme, DCTERMS.title).language == "en", slug
        assert graph.value(scheme, SKOS.definition).language == "en", slug
        assert isinstance(graph.value(scheme, DCTERMS.source), Literal), slug
        concepts = set(graph.subjects(RDF.type, SKOS.Concept))
        assert concepts == {URIRef(f"{scheme}/{c}") for c in documented[slug]}, slug
        assert set(graph.objects(scheme, SKOS.hasTopConcept)) == concepts, slug


def test_every_concept_has_labels_definition_scheme_and_notation(vocab: dict[str, Graph]) -> None:
    bad = []
    for slug, graph in vocab.items():
        scheme = VOCAB[slug]
        notations = []
        for concept in graph.subjects(RDF.type, SKOS.Concept):
            langs = {x.language for x in graph.objects(concept, SKOS.prefLabel)}
            notation = graph.value(concept, SKOS.notation)
            notations.append(notation)
            if (langs != {"en", "id"} or graph.value(concept, SKOS.definition) is None
                    or (concept, SKOS.inScheme, scheme) not in graph
                    or (concept, SKOS.topConceptOf, scheme) not in graph or notation is None):
                bad.append(concept)
        assert len(set(notations)) == len(notations), f"duplicate notation in {slug}"
    assert bad == []


def _stages(vocab: dict[str, Graph]) -> dict[int, URIRef]:
    graph = vocab["ksp-process-stage"]
    return {int(graph.value(c, SKOS.notation)): c for c in graph.subjects(RDF.type, SKOS.Concept)}


def test_ksp_has_six_stages_with_four_and_six_in_korea(vocab: dict[str, Graph]) -> None:
    stages = _stages(vocab)
    graph = vocab["ksp-process-stage"]
    assert sorted(stages) == [1, 2, 3, 4, 5, 6]
    venues = {n: graph.value(c, SC.stageVenue) for n, c in stages.items()}
    korea, partner = VOCAB["venue-role/korea"], VOCAB["venue-role/partner-country"]
    assert venues == {1: partner, 2: partner, 3: partner, 4: korea, 5: partner, 6: korea}
    venue_concepts = set(vocab["venue-role"].subjects(RDF.type, SKOS.Concept))
    assert set(venues.values()) == venue_concepts


def test_ksp_stages_follow_the_article_numbered_list(vocab: dict[str, Graph]) -> None:
    # "1. Pertemuan awal (Preliminary Meeting) dengan venue di negara mitra" … in HASIL.
    listed = re.findall(r"(?:^| )([1-6])\. ([^.]+?) dengan venue di (negara mitra|Korea Selatan)",
                        seed_text())
    assert len(listed) == 6
    graph = vocab["ksp-process-stage"]
    stages = _stages(vocab)
    for number, wording, venue in listed:
        concept = stages[int(number)]
        label_id = next(str(x) for x in graph.objects(concept, SKOS.prefLabel) if x.language == "id")
        assert wording.startswith(label_id), (number, wording, label_id)
        expected = "korea" if venue == "Korea Selatan" else "partner-country"
        assert graph.value(concept, SC.stageVenue) == VOCAB[f"venue-role/{expected}"]


def test_sci_has_the_seven_principles_of_the_article(vocab: dict[str, Graph]) -> None:
    graph = vocab["sci-principle"]
    principles = {int(graph.value(c, SKOS.notation)): c for c in graph.subjects(RDF.type, SKOS.Concept)}
    assert sorted(principles) == [1, 2, 3, 4, 5, 6, 7]
    assert principles[1] == VOCAB["sci-principle/similarities"]
    assert principles[7] == VOCAB["sci-principle/political-stability"]
    text = seed_text()
    for number, concept in principles.items():
        label_id = next(str(x) for x in graph.objects(concept, SKOS.prefLabel) if x.language == "id")
        head = label_id.split(" (")[0]
        assert f"({number}) {head}" in text, (number, head)
    assert (VOCAB["sci-principle/similarities"], SKOS.prefLabel,
            Literal("Similarities (adanya kesamaan bersama)", lang="id")) in graph


def test_smart_lbeg_and_advocacy_vocabulary_come_from_the_article(vocab: dict[str, Graph]) -> None:
    text = seed_text()
    for slug in ("smart-city-dimension", "advocacy-modality"):
        graph = vocab[slug]
        for concept in graph.subjects(RDF.type, SKOS.Concept):
            label_id = next(str(x) for x in graph.objects(concept, SKOS.prefLabel) if x.language == "id")
            assert label_id.split(" (")[0].lower() in text.lower(), label_id
    lbeg = "".join(sorted(str(vocab["smart-city-dimension"].value(c, SKOS.notation))
                          for c in vocab["smart-city-dimension"].subjects(RDF.type, SKOS.Concept)))
    assert lbeg == "BEGL"


def test_vocab_files_use_only_declared_properties(ontology: Graph, vocab: dict[str, Graph]) -> None:
    declared = {s for t in (OWL.AnnotationProperty, OWL.ObjectProperty, OWL.DatatypeProperty)
                for s in ontology.subjects(RDF.type, t)}
    used = {p for graph in vocab.values() for p in graph.predicates() if p != RDF.type}
    assert used - declared == set()
