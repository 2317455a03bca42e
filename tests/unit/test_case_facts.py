"""The curated Bandung–Seoul case states the seed article's facts, each with verbatim provenance.

The facts are read from the built graph (inferred triples included), but every count and every
"each …" is taken over the nodes of this case's own files (data/cases/bandung-seoul/) and the
core's sources, never over "all cases": a scholar's study added to the build changes nothing here.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib.namespace as rdfns
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from sistercity.core.namespaces import ID, SCHEMA, SC, VOCAB

# The open XSD Namespace, not rdflib's closed class: pytest probes every module global, and the
# closed class warns on each probe.
XSD = rdfns.XSD._NS
ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "sources" / "texts" / "bandung-seoul-smart-city-paradiplomacy.txt"
CASE_DIR = ROOT / "data" / "cases" / "bandung-seoul"
SOURCES_DIR = ROOT / "data" / "sources"
SEED_ARTICLE = ID["source/seed-article"]
BANDUNG = ID["city/id/bandung"]
BANDUNG_GOV = ID["org/bandung-city-government"]
KSP = ID["org/ksp"]
NS = {"sc": SC._NS, "id": ID, "schema": SCHEMA, "prov": PROV, "skos": SKOS, "rdfs": RDFS,
      "dcterms": DCTERMS, "vocab": VOCAB}

# Section headings as the article writes them; every sc:sourceLocation starts with one.
HEADINGS = ("ABSTRACT", "ABSTRAK", "PENDAHULUAN", "METODE PENELITIAN",
            "HASIL DAN PEMBAHASAN > Policy Transfer", "HASIL DAN PEMBAHASAN > Policy Diffusion",
            "HASIL DAN PEMBAHASAN", "SIMPULAN")


def _normalise(text: str) -> str:
    """Undo the article's line wrapping: rejoin words hyphenated at a line end, collapse whitespace."""
    text = re.sub(r"-[ \t]*\n\s*(?=[a-z])", "-", text)
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def article() -> str:
    """The seed article's text, whitespace-normalised."""
    return _normalise(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def curated() -> Graph:
    """Only the curated files (case and sources), to know which nodes are ours."""
    graph = Graph()
    for path in sorted([*CASE_DIR.glob("*.ttl"), *SOURCES_DIR.glob("*.ttl")]):
        if not path.name.endswith(".shapes.ttl"):  # the case's own shapes, not its data
            graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def ours(curated: Graph) -> set[URIRef]:
    """The subjects of this case's files and of the core's sources."""
    return {s for s in curated.subjects() if isinstance(s, URIRef)}


def _instances(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(ID)}


def _one(graph: Graph, subject: URIRef, predicate: URIRef) -> object:
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, f"{subject} has {len(values)} values of {predicate}, expected one"
    return values[0]


def _concept(scheme: str, name: str) -> URIRef:
    return VOCAB[f"{scheme}/{name}"]


def _derivation(graph: Graph, node: URIRef, source: URIRef) -> URIRef | None:
    """The qualified derivation of ``node`` from ``source``, if the node has several sources."""
    found = [d for d in graph.objects(node, PROV.qualifiedDerivation) if (d, PROV.entity, source) in graph]
    assert len(found) <= 1, f"{node} has {len(found)} derivations from {source}"
    return found[0] if found else None


def _evidence(graph: Graph, node: URIRef) -> list[Literal]:
    """The node's original sentences: its own, or those of its qualified derivations."""
    holders = [node, *graph.objects(node, PROV.qualifiedDerivation)]
    return [e for h in holders for e in graph.objects(h, SC.evidenceText)]


def _seed_location(graph: Graph, node: URIRef) -> str:
    """Where in the seed article the node is found: its own locator, or that of its derivation."""
    return str(_one(graph, _derivation(graph, node, SEED_ARTICLE) or node, SC.sourceLocation))


# --- outcomes (Tabel 2) ----------------------------------------------------------------------------

def test_tabel_2_has_15_outcomes_in_the_four_smart_lbeg_dimensions(case_graph: Graph, ours: set[URIRef]) -> None:
    rows = case_graph.query(
        """SELECT DISTINCT ?dimension ?outcome WHERE {
             ?outcome sc:smartCityDimension ?dimension ; a ?type .
             ?type rdfs:subClassOf* sc:Outcome .
           }""", initNs=NS)
    counts = Counter(str(row.dimension).rsplit("/", 1)[-1] for row in rows if row.outcome in ours)
    assert counts == {"smart-government": 5, "smart-branding": 4, "smart-living": 4,
                      "smart-environment": 2}


def test_each_tabel_2_row_is_located_once_and_labelled_as_the_article_writes_it(
        case_graph: Graph, ours: set[URIRef], article: str) -> None:
    names = {"smart-government": "Smart Government", "smart-branding": "Smart Branding",
             "smart-living": "Smart Living", "smart-environment": "Smart Environment"}
    seen: Counter[str] = Counter()
    for outcome, dimension in case_graph.subject_objects(SC.smartCityDimension):
        if outcome not in ours:
            continue
        location = _seed_location(case_graph, outcome)
        match = re.search(r"Tabel 2, ([A-Za-z ]+), row (\d)$", location)
        assert match, f"{outcome}: sourceLocation {location!r} names no Tabel 2 row"
        assert match.group(1) == names[str(dimension).rsplit("/", 1)[-1]]
        seen[location] += 1
        indonesian = [lbl for lbl in case_graph.objects(outcome, RDFS.label) if lbl.language == "id"]
        assert len(indonesian) == 1 and _normalise(str(indonesian[0])) in article
        assert any(lbl.language == "en" for lbl in case_graph.objects(outcome, RDFS.label))
    assert len(seen) == 15 and set(seen.values()) == {1}


def test_outcomes_are_linked_to_what_they_resulted_from(case_graph: Graph, ours: set[URIRef]) -> None:
    def results(slug: str) -> set[URIRef]:
        return set(case_graph.objects(ID[f"outcome/{slug}"], SC.resultedFrom))

    assert ID["transfer/cheonggyecheon-to-cikapundung"] in results("cikapundung-river-revitalisation")
    assert ID["agreement/posco-partnership-investment"] in results("posco-partnership-and-investment")
    assert ID["event/asean-connectivity-forum"] in results(
        "asean-connectivity-forum-lrt-investment-interest")
    assert ID["agreement/bandung-seoul-representation-agreement"] in results("little-bandung-in-seoul")
    for outcome in set(case_graph.subjects(SC.smartCityDimension, None)) & ours:
        assert ID["transfer/seoul-to-bandung-smart-city"] in set(
            case_graph.objects(outcome, SC.resultedFrom))


# --- KSP: modalities and stages --------------------------------------------------------------------

def test_ksp_is_coordinated_by_the_ministry_and_offers_three_modalities(case_graph: Graph) -> None:
    assert (KSP, RDF.type, SC.AdvocacyProgramme) in case_graph
    assert _one(case_graph, KSP, SC.coordinatedBy) == ID["org/korea-ministry-of-economy-and-finance"]
    assert set(case_graph.objects(KSP, SC.offersModality)) == {
        _concept("advocacy-modality", m) for m in ("policy-consultation", "case-study", "joint-consulting")}


def test_ksp_has_six_stages_of_which_4_and_6_are_held_in_korea(case_graph: Graph) -> None:
    stages = set(case_graph.objects(KSP, SC.hasProcessStage))
    assert len(stages) == 6
    in_korea = {str(_one(case_graph, stage, SKOS.notation)) for stage in stages
                if _one(case_graph, stage, SC.stageVenue) == _concept("venue-role", "korea")}
    assert in_korea == {"4", "6"}


def test_ministry_keeps_the_articles_three_names(case_graph: Graph) -> None:
    ministry = ID["org/korea-ministry-of-economy-and-finance"]
    names = {str(n) for p in (RDFS.label, SKOS.altLabel) for n in case_graph.objects(ministry, p)
             if n.language == "id"}
    assert {"Kementerian Ekonomi dan Keuangan", "Kementerian Ekonomi dan Investasi Korea Selatan",
            "Kementerian Perekonomian dan Investasi Korea Selatan"} <= names


# --- the bus-system reform study and its phases ------------------------------------------------------

def test_bus_reform_project_is_a_ksp_case_study_requested_by_dishub(case_graph: Graph) -> None:
    project = ID["project/bus-system-reform-strategy-bandung-2017-2018"]
    assert _one(case_graph, project, SC.partOfProgramme) == KSP
    assert _one(case_graph, project, SC.requestedBy) == ID["org/bandung-dishub"]
    assert _one(case_graph, project, SC.beneficiary) == BANDUNG_GOV
    assert _one(case_graph, project, SC.modality) == _concept("advocacy-modality", "case-study")
    assert _one(case_graph, project, SC.policyArea) == _concept("policy-area", "transport")
    assert set(case_graph.subjects(SC.actsAsAdvocateIn, project)) == {
        KSP, ID["org/the-seoul-institute"], ID["org/intelligent-transport-society-of-korea"],
        ID["org/dongil-engineering-consultants"]}
    # sc:Advocate is a role the reasoner infers (queries/checks/ proves no case file asserts it)
    assert {KSP, ID["org/the-seoul-institute"], ID["org/lapi-itb"]} <= set(
        case_graph.subjects(RDF.type, SC.Advocate))


@pytest.mark.parametrize(("slug", "phase", "stage", "start", "end", "venue"), [
    ("bus-reform-launching-seminar-2017", 1, "launching-seminar", "2017-10-16", "2017-10-19", BANDUNG),
    ("bus-reform-policy-seminar", 2, "policy-seminar", None, None, None),
    ("bus-reform-interim-reporting-2018", 3, "interim-reporting", "2018-03-25", "2018-03-31", None),
    ("bus-reform-final-reporting-2019", 4, "final-reporting", "2019-05-06", "2019-05-09", BANDUNG),
])
def test_bus_reform_phases_have_the_articles_dates_and_venues(
        case_graph: Graph, slug: str, phase: int, stage: str, start: str | None, end: str | None,
        venue: URIRef | None) -> None:
    event = ID[f"event/{slug}"]
    assert _one(case_graph, event, SC.partOfProject) == ID[
        "project/bus-system-reform-strategy-bandung-2017-2018"]
    assert int(_one(case_graph, event, SC.phaseNumber)) == phase
    assert _one(case_graph, event, SC.processStage) == _concept("ksp-process-stage", stage)
    not_stated = set(case_graph.objects(event, SC.notStatedInSource))
    for prop, expected in ((SCHEMA.startDate, start), (SCHEMA.endDate, end)):
        if expected is None:
            assert prop in not_stated and (event, prop, None) not in case_graph
        else:
            assert _one(case_graph, event, prop) == Literal(expected, datatype=XSD.date)
    if venue is None:
        assert SC.venue in not_stated and (event, SC.venue, None) not in case_graph
    else:
        assert _one(case_graph, event, SC.venue) == venue


def test_final_reporting_was_attended_by_exactly_the_four_named_agencies(case_graph: Graph) -> None:
    rows = case_graph.query(
        """SELECT ?agency WHERE {
             ?event sc:participant ?agency .
             ?agency a sc:LocalAgency ; sc:subOrganisationOf ?government .
           }""", initNs=NS,
        initBindings={"event": ID["event/bus-reform-final-reporting-2019"], "government": BANDUNG_GOV})
    assert {row.agency for row in rows} == {
        ID[f"org/bandung-{a}"] for a in ("diskominfo", "dpupr", "dishub", "bappelitbang")}


def test_every_bandung_agency_is_part_of_the_city_government(case_graph: Graph) -> None:
    agencies = {s for s in case_graph.subjects(RDF.type, SC.LocalAgency)
                if str(s).startswith(str(ID["org/bandung-"]))}
    assert len(agencies) == 7
    for agency in agencies:
        assert _one(case_graph, agency, SC.subOrganisationOf) == BANDUNG_GOV


# --- agreements and amounts --------------------------------------------------------------------------

def test_lrt_agreement_follows_the_mou_and_is_worth_37_million_usd(case_graph: Graph) -> None:
    agreement = ID["agreement/lrt-investment-agreement"]
    assert _one(case_graph, agreement, SC.followsFrom) == ID["agreement/bandung-seoul-mou"]
    amount = _one(case_graph, agreement, SC.monetaryValue)
    assert _one(case_graph, amount, SCHEMA.value).toPython() == Decimal("37000000")
    assert str(_one(case_graph, amount, SCHEMA.currency)) == "USD"
    assert str(_one(case_graph, amount, SC.amountAsStated)) == "37 juta USD"


def test_posco_amount_has_no_currency_and_says_so(case_graph: Graph) -> None:
    outcome = ID["outcome/posco-partnership-and-investment"]
    amount = _one(case_graph, outcome, SC.monetaryValue)
    assert _one(case_graph, ID["agreement/posco-partnership-investment"], SC.monetaryValue) == amount
    assert _one(case_graph, amount, SCHEMA.value).toPython() == Decimal("21500000000")
    assert str(_one(case_graph, amount, SC.amountAsStated)) == "21,5 Miliar"
    assert (amount, SCHEMA.currency, None) not in case_graph
    assert "currency" in str(_one(case_graph, amount, SC.uncertaintyNote))


def test_pt_total_solution_intelligent_budget_amount_is_marked_not_stated(case_graph: Graph) -> None:
    outcome = ID["outcome/pt-total-solution-intelligent-additional-budget"]
    assert SC.monetaryValue in set(case_graph.objects(outcome, SC.notStatedInSource))
    assert _one(case_graph, outcome, SC.investor) == ID["org/pt-total-solution-intelligent"]
    assert _one(case_graph, ID["org/pt-total-solution-intelligent"], SC.basedIn) == ID["country/kr"]


def test_twinning_and_sister_city_agreement(case_graph: Graph) -> None:
    twinning = ID["twinning/id-bandung--kr-seoul"]
    assert set(case_graph.objects(twinning, SC.partner)) == {BANDUNG, ID["city/kr/seoul"]}
    agreement = ID["agreement/bandung-seoul-sister-city-agreement"]
    assert (agreement, RDF.type, SC.SisterCityAgreement) in case_graph
    assert _one(case_graph, agreement, SC.concerns) == twinning
    assert set(case_graph.objects(agreement, SC.party)) == {
        BANDUNG_GOV, ID["org/seoul-metropolitan-government"]}


def test_bandung_has_25_sister_cities_14_active_per_aju_and_mugia(case_graph: Graph) -> None:
    statistic = ID["statistic/bandung-sister-cities-2020"]
    assert _one(case_graph, statistic, SC.aboutPlace) == BANDUNG
    assert int(_one(case_graph, statistic, SC.partnerCount)) == 25
    assert int(_one(case_graph, statistic, SC.activePartnerCount)) == 14
    assert set(case_graph.objects(statistic, PROV.wasDerivedFrom)) == {
        SEED_ARTICLE, ID["source/aju-2020"], ID["source/mugia-2020"]}


def test_lapi_itb_was_directly_appointed_in_2013_and_is_owned_by_itb(case_graph: Graph) -> None:
    appointment = ID["agreement/lapi-itb-appointment-2013"]
    assert set(case_graph.objects(appointment, SC.party)) == {BANDUNG_GOV, ID["org/lapi-itb"]}
    assert _one(case_graph, appointment, SCHEMA.startDate) == Literal("2013", datatype=XSD.gYear)
    assert "penunjukan langsung" in {str(lbl) for lbl in case_graph.objects(appointment, RDFS.label)}
    assert _one(case_graph, ID["org/lapi-itb"], SC.ownedBy) == ID["org/itb"]
    assert (ID["org/itb"], RDF.type, SC.University) in case_graph
    expert = ID["person/suhono-harso-supangkat"]
    assert int(_one(case_graph, expert, SC.publicationCount)) == 95


def test_master_plan_pairs_tabel_1_targets_with_challenges_by_area(case_graph: Graph) -> None:
    plan = ID["plan/bandung-smart-city-master-plan"]
    assert _one(case_graph, plan, SC.preparedBy) == ID["org/lapi-itb"]
    targets = set(case_graph.objects(plan, SC.setsTarget))
    challenges = set(case_graph.objects(plan, SC.identifiesChallenge))
    assert len(targets) == len(challenges) == 4
    areas = set()
    for target in targets:
        challenge = _one(case_graph, target, SC.respondsTo)
        assert challenge in challenges
        area = _one(case_graph, target, SC.policyArea)
        assert _one(case_graph, challenge, SC.policyArea) == area
        areas.add(str(area).rsplit("/", 1)[-1])
    assert areas == {"transport", "health", "environment", "education"}


# --- transfer and diffusion --------------------------------------------------------------------------

def _assessments(graph: Graph, scheme: str) -> dict[str, tuple[str, list[str]]]:
    rows = graph.query(
        """SELECT ?assessment ?concept ?result WHERE {
             ?assessment sc:assesses ?transfer ;
                         sc:assessedConcept ?concept ; sc:assessmentResult ?result .
             ?concept skos:inScheme ?scheme .
           }""", initNs=NS,
        initBindings={"scheme": VOCAB[scheme], "transfer": ID["transfer/seoul-to-bandung-smart-city"]})
    return {str(row.concept).rsplit("/", 1)[-1]: (
        str(row.result).rsplit("/", 1)[-1],
        [str(e) for e in _evidence(graph, row.assessment)]) for row in rows}


def test_three_transfer_mechanisms_are_assessed_with_evidence(case_graph: Graph) -> None:
    found = _assessments(case_graph, "transfer-mechanism")
    assert {k: v[0] for k, v in found.items()} == {
        "learning": "evidenced", "competition": "evidenced", "coercion": "evidenced"}
    assert any("mutual will" in e for e in found["learning"][1])
    assert any("mendekati keunggulan Kota Seoul" in e for e in found["competition"][1])
    assert any("Sister City International (SCI)" in e for e in found["coercion"][1])


def test_diffusion_is_combination_and_emulation_not_copying(case_graph: Graph) -> None:
    found = _assessments(case_graph, "diffusion-type")
    assert {k: v[0] for k, v in found.items()} == {
        "copying": "not-evidenced", "emulation": "predominant", "combination": "predominant"}
    assert any("proses copying, tidak benar-benar terjadi dan belum memiliki bukti fisik" in e
               for e in found["copying"][1])
    transfer = ID["transfer/seoul-to-bandung-smart-city"]
    assert set(case_graph.objects(transfer, SC.diffusionType)) == {
        _concept("diffusion-type", "combination"), _concept("diffusion-type", "emulation")}
    river = ID["transfer/cheonggyecheon-to-cikapundung"]
    assert _one(case_graph, river, SC.diffusionType) == _concept("diffusion-type", "combination")
    assert _one(case_graph, river, SC.sourcePolicy) == ID["policy/cheonggyecheon-restoration"]


def test_umbrella_transfer_runs_from_seoul_to_bandung_via_ksp(case_graph: Graph) -> None:
    transfer = ID["transfer/seoul-to-bandung-smart-city"]
    assert _one(case_graph, transfer, SC.originPlace) == ID["city/kr/seoul"]
    assert _one(case_graph, transfer, SC.hostPlace) == BANDUNG
    assert _one(case_graph, transfer, SC.viaProgramme) == KSP
    assert {KSP, ID["org/lapi-itb"], ID["org/kofice"]} <= set(
        case_graph.objects(transfer, SC.mediatedBy))


# --- principles, exchanges, stages -------------------------------------------------------------------

def test_seven_sci_principles_and_the_activities_the_article_ties_to_them(case_graph: Graph,
                                                                         ours: set[URIRef]) -> None:
    principles = set(case_graph.subjects(SKOS.inScheme, VOCAB["sci-principle"]))
    assert len(principles) == 7
    tied = Counter(str(p).rsplit("/", 1)[-1]
                   for a, p in case_graph.subject_objects(SC.exemplifiesPrinciple) if a in ours)
    assert set(tied) == {"reciprocity", "exchanges"}
    assert tied["reciprocity"] == 3  # both festivals and the students' Sundanese arts
    assert tied["exchanges"] == 2  # the student and the civil-servant exchanges


def test_six_implementation_stages_without_invented_names(case_graph: Graph, ours: set[URIRef]) -> None:
    stages = set(case_graph.subjects(RDF.type, SC.ImplementationStage)) & ours
    assert sorted(int(_one(case_graph, s, SC.stageNumber)) for s in stages) == [1, 2, 3, 4, 5, 6]
    for stage in stages:
        number = int(_one(case_graph, stage, SC.stageNumber))
        assert "Bagan 1" in str(_one(case_graph, stage, SC.uncertaintyNote))
        activities = set(case_graph.objects(stage, SC.includesActivity))
        assert bool(activities) == (number == 1)


# --- provenance ----------------------------------------------------------------------------------------

def _derivations(graph: Graph) -> set[URIRef]:
    return {d for d in graph.subjects(RDF.type, PROV.Derivation) if isinstance(d, URIRef)}


def test_every_curated_node_has_type_label_source_and_location(curated: Graph) -> None:
    nodes = _instances(curated) - _derivations(curated)
    assert len(nodes) > 150
    for node in nodes - {SEED_ARTICLE}:
        assert any(lbl.language == "en" for lbl in curated.objects(node, RDFS.label)), node
        assert (node, PROV.wasDerivedFrom, SEED_ARTICLE) in curated, node
        holders = [_derivation(curated, node, s) or node for s in curated.objects(node, PROV.wasDerivedFrom)]
        assert all((h, SC.sourceLocation, None) in curated for h in holders), node


def test_several_sources_one_locator_each(curated: Graph) -> None:
    """A node with several sources has one qualified derivation per source, named
    id/derivation/{node}/{source}, each with its own locator, and no locator of its own."""
    several = {n for n in _instances(curated)
               if len(set(curated.objects(n, PROV.wasDerivedFrom))) > 1}
    assert len(several) == 64
    for node in several:
        sources = set(curated.objects(node, PROV.wasDerivedFrom))
        derivations = set(curated.objects(node, PROV.qualifiedDerivation))
        assert {_one(curated, d, PROV.entity) for d in derivations} == sources, node
        assert len(derivations) == len(sources), node
        for derivation in derivations:
            source = _one(curated, derivation, PROV.entity)
            slug = str(source).removeprefix(str(ID["source/"]))
            assert derivation == ID[f"derivation/{str(node).removeprefix(str(ID))}/{slug}"]
            assert (derivation, RDF.type, PROV.Derivation) in curated
            assert (derivation, SC.sourceLocation, None) in curated, derivation
        assert (node, SC.sourceLocation, None) not in curated, f"{node}: a locator of its own besides one per source"
        assert (node, SC.evidenceText, None) not in curated, node
    single = _instances(curated) - several - _derivations(curated) - {SEED_ARTICLE}
    assert all((n, PROV.qualifiedDerivation, None) not in curated for n in single)


def test_each_cited_work_is_located_where_the_article_cites_it(curated: Graph, article: str) -> None:
    """A cited work the curators know only from the seed article: its derivation is sc:citedIn the
    article, and its locator or sentence holds the article's citation of it, verbatim."""
    cited = [d for d in _derivations(curated) if _one(curated, d, PROV.entity) != SEED_ARTICLE]
    assert len(cited) == 70
    for derivation in cited:
        source = _one(curated, derivation, PROV.entity)
        assert _one(curated, derivation, SC.citedIn) == SEED_ARTICLE, derivation
        citation = str(_one(curated, source, SC.citedAs))
        if citation.startswith("(") and citation.endswith(")"):
            citation = citation[1:-1]
        location = str(_one(curated, derivation, SC.sourceLocation))
        cues = re.findall(r"'([^']+)'", location)
        evidence = [_normalise(str(e)) for e in curated.objects(derivation, SC.evidenceText)]
        assert any(citation in _normalise(text) for text in [*cues, *evidence]), (derivation, citation)
        assert all(_normalise(c) in article for c in cues) and all(e in article for e in evidence)


def test_the_seed_article_keeps_the_locator_a_node_had(curated: Graph) -> None:
    """The derivation from the seed article is located in the article's own sections, as before the
    qualification (the statistic of Bandung's sister cities as the example)."""
    statistic = ID["statistic/bandung-sister-cities-2020"]
    seed = _derivation(curated, statistic, SEED_ARTICLE)
    assert str(_one(curated, seed, SC.sourceLocation)) == (
        "PENDAHULUAN, paragraph 'Kerjasama Sister City telah lama dijalankan'")
    aju = _derivation(curated, statistic, ID["source/aju-2020"])
    assert str(_one(curated, aju, SC.sourceLocation)) == "PENDAHULUAN, at '(Aju, 2020; Mugia, 2020)'"


def test_source_locations_name_a_section_and_quote_verbatim_cues(curated: Graph, article: str) -> None:
    for node, location in curated.subject_objects(SC.sourceLocation):
        text = str(location)
        assert text.startswith(HEADINGS), f"{node}: {text!r} does not start with a section heading"
        for cue in re.findall(r"'([^']+)'", text):
            assert _normalise(cue) in article, f"{node}: cue {cue!r} is not in the article"


def test_every_evidence_text_is_verbatim_from_the_article(curated: Graph, article: str) -> None:
    quotes = list(curated.subject_objects(SC.evidenceText))
    assert len(quotes) > 200
    for node, quote in quotes:
        assert quote.language == "id", f"{node}: evidence must be tagged @id"
        assert _normalise(str(quote)) in article, f"{node}: not verbatim: {str(quote)[:80]!r}"


def test_seed_article_references_every_cited_work_and_no_invented_metadata(curated: Graph) -> None:
    sources = {s for s in _instances(curated) if str(s).startswith(str(ID["source/"]))}
    cited = sources - {SEED_ARTICLE}
    assert len(cited) == 36
    assert set(curated.objects(SEED_ARTICLE, DCTERMS.references)) == cited
    used = set(curated.objects(None, PROV.wasDerivedFrom))
    assert used <= sources
    for predicate in (DCTERMS.title, DCTERMS.creator, DCTERMS.issued, DCTERMS.publisher):
        assert (SEED_ARTICLE, predicate, None) not in curated
    assert str(_one(curated, SEED_ARTICLE, DCTERMS.temporal)) == "2016/2019"
    aju = ID["source/aju-2020"]
    assert str(_one(curated, aju, SC.citedAs)) == "(Aju, 2020)"
    assert _one(curated, aju, DCTERMS.issued) == Literal("2020", datatype=XSD.gYear)


def test_references_resolve_and_nothing_citable_is_a_blank_node(curated: Graph) -> None:
    nodes = _instances(curated)
    for subject, predicate, obj in curated:
        assert not isinstance(subject, BNode) and not isinstance(obj, BNode)
        if isinstance(obj, URIRef) and obj.startswith(ID):
            assert obj in nodes, f"{subject} {predicate} {obj}: no such curated node"


def test_every_referenced_concept_exists_in_the_vocabularies(curated: Graph, case_graph: Graph) -> None:
    concepts = {o for o in curated.objects() if isinstance(o, URIRef) and o.startswith(VOCAB)}
    assert len(concepts) > 30
    for concept in concepts:
        assert (concept, SKOS.inScheme, None) in case_graph, f"{concept} is not in any scheme"
