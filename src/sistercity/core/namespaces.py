"""Closed namespaces for the project's own terms and the external terms it aligns to.

Every term the Python code names is declared here, so a misspelt term raises
``AttributeError`` instead of minting a new IRI (``_fail = True``). The ontology files
under ``ontology/`` declare the same terms; ``tests/unit/test_namespaces.py`` keeps the two
in step.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import XSD as RDFLIB_XSD
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/sistercity/"
ONTOLOGY_IRI = URIRef(BASE + "ontology")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
VOCAB = Namespace(BASE + "vocab/")
XSD = RDFLIB_XSD


class G:
    """The named graphs of the built dataset (``graph:…``); every module names them from here."""

    ONTOLOGY = GRAPH["ontology"]
    VOCAB = GRAPH["vocab"]
    SHAPES = GRAPH["shapes"]
    SOURCES = GRAPH["sources"]
    WORLD = GRAPH["world"]
    ANALYTICS = GRAPH["analytics"]
    INFERRED = GRAPH["inferred"]
    CASE_PREFIX = GRAPH["case/"]


def case_graph(slug: str) -> URIRef:
    """The named graph of one curated case (its folder name is the slug)."""
    return GRAPH[f"case/{slug}"]

# External vocabularies that we align to (declared terms only, never imported whole).
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
WGS84 = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
VANN = Namespace("http://purl.org/vocab/vann/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
DBO = Namespace("http://dbpedia.org/ontology/")


# The prefixes every output and every query of the project uses.
PREFIXES = {
    "sc": BASE + "ontology#",
    "id": str(ID),
    "vocab": BASE + "vocab/",
    "graph": BASE + "graph/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "vann": "http://purl.org/vocab/vann/",
    "sh": "http://www.w3.org/ns/shacl#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "wdt": "http://www.wikidata.org/prop/direct/",
    "dbo": "http://dbpedia.org/ontology/",
    "gsp": "http://www.opengis.net/ont/geosparql#",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "org": "http://www.w3.org/ns/org#",
}


class SC(DefinedNamespace):
    """The Sister City KG ontology (``sc:``)."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # --- places -------------------------------------------------------------------------
    Place: URIRef
    City: URIRef
    Region: URIRef
    Country: URIRef
    Twinning: URIRef
    TwinningStatistic: URIRef
    partner: URIRef
    twinnedWith: URIRef
    locatedIn: URIRef
    inCountry: URIRef
    capitalOf: URIRef
    countryCode: URIRef
    subdivisionCode: URIRef
    twinningStatus: URIRef
    aboutPlace: URIRef
    partnerCount: URIRef
    activePartnerCount: URIRef
    greatCircleKm: URIRef

    # --- actors -------------------------------------------------------------------------
    Actor: URIRef
    Organisation: URIRef
    GovernmentBody: URIRef
    SubnationalGovernment: URIRef
    CityGovernment: URIRef
    ProvincialGovernment: URIRef
    LocalAgency: URIRef
    NationalGovernmentBody: URIRef
    PublicInstitution: URIRef
    InternationalOrganisation: URIRef
    PrivateCompany: URIRef
    Consultancy: URIRef
    University: URIRef
    ResearchInstitute: URIRef
    ProfessionalAssociation: URIRef
    Person: URIRef
    Advocate: URIRef
    Membership: URIRef
    governs: URIRef
    subOrganisationOf: URIRef
    ownedBy: URIRef
    coordinatedBy: URIRef
    basedIn: URIRef
    memberOf: URIRef
    member: URIRef
    organisation: URIRef
    role: URIRef
    affiliatedWith: URIRef
    headOf: URIRef
    publicationCount: URIRef

    # --- legal --------------------------------------------------------------------------
    LegalInstrument: URIRef
    LegalProvision: URIRef
    provisionOf: URIRef
    authorisedBy: URIRef
    amends: URIRef
    instrumentNumber: URIRef

    # --- agreements ---------------------------------------------------------------------
    Agreement: URIRef
    SisterCityAgreement: URIRef
    MemorandumOfUnderstanding: URIRef
    CooperationAgreement: URIRef
    InvestmentAgreement: URIRef
    MonetaryAmount: URIRef
    party: URIRef
    agreementStatus: URIRef
    concerns: URIRef
    followsFrom: URIRef
    monetaryValue: URIRef
    amountAsStated: URIRef

    # --- advocacy -----------------------------------------------------------------------
    AdvocacyProgramme: URIRef
    AdvocacyProject: URIRef
    Event: URIRef
    AdvocacyEvent: URIRef
    Forum: URIRef
    Visit: URIRef
    Festival: URIRef
    Award: URIRef
    actsAsAdvocateIn: URIRef
    partOfProgramme: URIRef
    partOfProject: URIRef
    modality: URIRef
    offersModality: URIRef
    processStage: URIRef
    hasProcessStage: URIRef
    stageVenue: URIRef
    phaseNumber: URIRef
    beneficiary: URIRef
    requestedBy: URIRef
    organisedBy: URIRef
    venue: URIRef
    participant: URIRef
    policyArea: URIRef
    awardedTo: URIRef
    awardedBy: URIRef

    # --- policy transfer and diffusion ------------------------------------------------
    Policy: URIRef
    PolicyTransfer: URIRef
    Assessment: URIRef
    policyOf: URIRef
    originPlace: URIRef
    hostPlace: URIRef
    sourcePolicy: URIRef
    adoptedAs: URIRef
    mediatedBy: URIRef
    viaProgramme: URIRef
    transferMechanism: URIRef
    diffusionType: URIRef
    assesses: URIRef
    assessedConcept: URIRef
    assessmentResult: URIRef

    # --- outcomes, plans, principles ---------------------------------------------------
    Outcome: URIRef
    PublicProgramme: URIRef
    Facility: URIRef
    Investment: URIRef
    Exchange: URIRef
    Representation: URIRef
    Plan: URIRef
    Challenge: URIRef
    Target: URIRef
    ImplementationStage: URIRef
    smartCityDimension: URIRef
    resultedFrom: URIRef
    investor: URIRef
    recipient: URIRef
    preparedBy: URIRef
    commissionedBy: URIRef
    identifiesChallenge: URIRef
    setsTarget: URIRef
    respondsTo: URIRef
    exemplifiesPrinciple: URIRef
    stageNumber: URIRef
    includesActivity: URIRef

    # --- provenance ---------------------------------------------------------------------
    Source: URIRef
    ScholarlyWork: URIRef
    NewsItem: URIRef
    Report: URIRef
    WebPage: URIRef
    DataSet: URIRef
    sourceLocation: URIRef
    evidenceText: URIRef
    citedAs: URIRef
    citedIn: URIRef
    sourceRow: URIRef
    notStatedInSource: URIRef
    uncertaintyNote: URIRef
    rowCount: URIRef

    # --- claims of the world sources (ontology/modules/claims.ttl) ---------------------
    TwinningClaim: URIRef
    PopulationFigure: URIRef
    claimAbout: URIRef
    tieKind: URIRef
    claimedStatus: URIRef
    populationOf: URIRef
    populationCount: URIRef
    referenceYear: URIRef
    continent: URIRef
    unM49Region: URIRef
    sha256: URIRef

    # --- network patterns of the world graph (ontology/modules/patterns.ttl) ----------
    DecadeCount: URIRef
    DistanceBand: URIRef
    ContinentPair: URIRef
    RegionPair: URIRef
    NetworkSummary: URIRef
    decade: URIRef
    twinningCount: URIRef
    share: URIRef
    minKm: URIRef
    maxKm: URIRef
    pairedContinent: URIRef
    pairedRegion: URIRef
    degreeAssortativity: URIRef
    populationCorrelation: URIRef
    populationPairCount: URIRef
    # materialised by queries/materialize/ from the claims
    CountryTieKindCount: URIRef
    ClaimConflict: URIRef
    countedCountry: URIRef
    countedTieKind: URIRef
    conflictAbout: URIRef
    conflictOf: URIRef
    claimedValues: URIRef
    statedInRows: URIRef

    # --- analytics (world network) -----------------------------------------------------
    # Proposed by the world-network import (ontology/modules/network.ttl); written to the
    # analytics and reconciliation named graphs only.
    degree: URIRef
    betweenness: URIRef
    component: URIRef
    community: URIRef
    distanceRank: URIRef
    CountryPair: URIRef
    pairedCountry: URIRef
    countryPairCount: URIRef
    Reconciliation: URIRef
    reconciles: URIRef
    comparedSource: URIRef
    reconciliationOutcome: URIRef
    candidatePartner: URIRef
