"""The research questions (queries/cq/) and quality checks (queries/checks/) on the built graph.

Each case question is compared with an expected CSV of the same stem under tests/expected/cq/ (as
a list where the query orders its rows, else as a set). The comparison is per case: a row belongs
to the case whose graph types the node the row is about (``ROW_NODE``), so the expected CSV holds
the Bandung–Seoul case's answer and a study added to the build adds rows of its own without
changing these (tests/unit/test_questions_with_a_study.py builds with one and checks it). Network
questions, whose answers grow with the world list, are checked through invariants and an
independent computation instead. Where the seed article fixes an answer (15 outcomes 5/4/4/2, the
four agencies, the dates), it is asserted directly as well.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from sistercity.core.namespaces import G, case_graph
from sistercity.publish.query import OutputFormat, Question, QueryResult, format_result, list_questions, load_question, run
from sistercity.publish.built import load_built

ROOT = Path(__file__).resolve().parents[2]
CQ = ROOT / "queries" / "cq"
CHECKS = ROOT / "queries" / "checks"
EXPECTED = ROOT / "tests" / "expected" / "cq"

ID = "https://w3id.org/sistercity/id/"
BANDUNG_SEOUL = str(case_graph("bandung-seoul"))
ARTICLE = ROOT / "data" / "sources" / "texts" / "bandung-seoul-smart-city-paradiplomacy.txt"
WORLD_SOURCE = ID + "source/world-twin-cities"
SEED = ID + "source/seed-article"
BANDUNG = ID + "city/id/bandung"

# Questions whose answers grow with the world list: asserted through invariants below.
NETWORK = {"13-sister-cities", "14-most-partners", "15-country-pairs", "16-shared-partners",
           "17-partners-in-country", "18-twinning-distances"}
# Data-quality questions that must return nothing on the real data.
MUST_BE_EMPTY = {"19-unsourced-curated-nodes"}
# The column naming the node each row of a case question is about: the row belongs to the case
# whose graph types that node (question 06 counts per case and names the case graph itself).
ROW_NODE = {
    "01-participants-and-roles": "activity", "02-advocates-and-transfers": "transfer",
    "03-bus-reform-timeline": "event", "04-agencies-in-events": "event",
    "05-transfer-assessments": "assessment", "06-outcomes-by-dimension": "case",
    "07-outcomes": "outcome", "08-diffusion-by-outcome": "transfer", "09-investments": "investment",
    "10-sci-principles": "activity", "11-master-plan": "challenge", "12-provenance": "node",
    "19-unsourced-curated-nodes": "node", "20-twinning-claims": "twinning",
    "21-partner-count-vs-lists": "statistic", "22-ksp-stages": "project",
    "23-advocacy-modalities": "programme", "24-legal-basis": "actor",
}
# Bandung's partners in twin_cities.csv (rows with Bandung, Indonesia on either side).
BANDUNG_WORLD_PARTNERS = {"Braunschweig", "Cotabato City", "Cuenca", "Fort Worth", "Liuzhou", "Namur",
                          "Petaling Jaya", "Suwon", "Yingkou"}


@pytest.fixture(scope="module")
def store(world_dist: Path) -> ox.Store:
    """The graph users get (case data and world list), built once per session."""
    return load_built(world_dist)


@pytest.fixture(scope="module")
def world_loaded(store: ox.Store) -> bool:
    """Whether the build holds the world list (it does once the world import is wired in)."""
    return bool(store.query(f"ASK {{ ?t <http://www.w3.org/ns/prov#wasDerivedFrom> <{WORLD_SOURCE}> }}",
                            use_default_graph_as_union=True))


def question(stem: str) -> Question:
    """The question file with this stem."""
    return load_question(CQ / f"{stem}.rq")


def answer(store: ox.Store, stem: str, **params: str) -> list[dict[str, str]]:
    """Rows of a question as dicts of plain strings (as the CSV output gives them)."""
    return rows_of(run(store, question(stem), params=params))


def rows_of(result: QueryResult) -> list[dict[str, str]]:
    """A result as the CSV formatter writes it, read back as dicts."""
    return list(csv.DictReader(io.StringIO(format_result(result, OutputFormat.CSV))))


def ordered(q: Question) -> bool:
    """Whether the question orders its rows (a top-level ORDER BY)."""
    return re.search(r"^ORDER BY", q.text, re.MULTILINE) is not None


def normalised(row: list[str]) -> tuple[str, ...]:
    """A row with the parts of each GROUP_CONCAT cell sorted (SPARQL leaves their order open)."""
    return tuple("|".join(sorted(re.split(r"; |, ", cell))) for cell in row)


def case_questions() -> list[str]:
    """Stems of the questions checked against an expected CSV."""
    return sorted(p.stem for p in EXPECTED.glob("*.csv"))


def typed_in_cases(store: ox.Store) -> dict[str, set[str]]:
    """For every node typed in a case graph (core cases and studies), the case graphs typing it."""
    query = f"""SELECT DISTINCT ?g ?s WHERE {{ GRAPH ?g {{ ?s a ?t }}
                FILTER(STRSTARTS(STR(?g), "{G.CASE_PREFIX}")) }}"""
    owners: dict[str, set[str]] = {}
    for solution in store.query(query):
        owners.setdefault(solution["s"].value, set()).add(solution["g"].value)
    return owners


def row_case(stem: str, header: list[str], row: list[str], owners: dict[str, set[str]]) -> str | None:
    """The case a row belongs to: the Bandung–Seoul case's graph if it types the row's node, else
    another case graph that does; None for a row about no case's node (a principle no activity
    exemplifies, the world list's statistic)."""
    value = row[header.index(ROW_NODE[stem])]
    cases = {value} if value.startswith(str(G.CASE_PREFIX)) else owners.get(value, set())
    if BANDUNG_SEOUL in cases:
        return BANDUNG_SEOUL
    return min(cases) if cases else None


def expected_rows(stem: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of tests/expected/cq/<stem>.csv: the Bandung–Seoul case's answer."""
    text = (EXPECTED / f"{stem}.csv").read_text(encoding="utf-8")
    table = list(csv.reader(text.splitlines(keepends=True)))
    return table[0], table[1:]


def compare_case_rows(store: ox.Store, stem: str, *, owners: dict[str, set[str]],
                      with_unowned: bool) -> list[list[str]]:
    """Assert that the Bandung–Seoul rows of the question's answer on ``store`` are the expected
    ones; rows of no case are compared too when ``with_unowned``. Returns the other cases' rows."""
    q = question(stem)
    got = list(csv.reader(io.StringIO(format_result(run(store, q), OutputFormat.CSV))))
    header, want = expected_rows(stem)
    assert got[0] == header, "columns differ"
    kept = {BANDUNG_SEOUL, None} if with_unowned else {BANDUNG_SEOUL}
    mine = [r for r in got[1:] if row_case(stem, header, r, owners) in kept]
    others = [r for r in got[1:] if row_case(stem, header, r, owners) not in {BANDUNG_SEOUL, None}]
    want = [r for r in want if with_unowned or row_case(stem, header, r, owners) == BANDUNG_SEOUL]
    if stem in MUST_BE_EMPTY:
        assert mine == [], f"{stem} must be empty on the real data"
    else:
        assert mine, f"{stem} returned no rows for the Bandung–Seoul case"
    got_rows, want_rows = [normalised(r) for r in mine], [normalised(r) for r in want]
    if ordered(q):
        assert got_rows == want_rows
    else:
        assert Counter(got_rows) == Counter(want_rows)
    return others


def twinned_pairs(store: ox.Store) -> set[tuple[str, str]]:
    """Every (place, partner) pair of sc:twinnedWith, read without any of the questions' logic."""
    query = "SELECT DISTINCT ?a ?b WHERE { ?a <https://w3id.org/sistercity/ontology#twinnedWith> ?b }"
    return {(s["a"].value, s["b"].value) for s in store.query(query, use_default_graph_as_union=True)}


# --- every question ---------------------------------------------------------------------------------

def test_there_are_at_least_twenty_questions_each_with_a_header() -> None:
    questions = list_questions(CQ)
    assert len(questions) >= 20
    assert [int(q.number) for q in questions] == list(range(1, len(questions) + 1))
    for q in questions:
        assert q.title and q.question and q.source, q.path.name
        for param in q.params:
            assert re.search(rf"^SELECT\b[^\n]*\?{param.name}\b", q.text, re.MULTILINE), \
                f"{q.path.name}: parameter {param.name} must be a variable the query selects"


def test_every_question_has_an_expected_answer_or_an_invariant_test() -> None:
    """Questions 1–24 are checked here (an expected CSV or an invariant below); a later question
    is named by the test module that checks it."""
    stems = {q.path.stem for q in list_questions(CQ)}
    expected = set(case_questions())
    assert expected <= stems and set(ROW_NODE) == expected
    here = {s for s in stems if int(s.split("-", 1)[0]) <= 24}
    assert here - NETWORK == expected, "add tests/expected/cq/<stem>.csv or an invariant test"
    tests = [p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("test_*.py")]
    untested = sorted(s for s in stems - here if not any(s in t for t in tests))
    assert untested == [], "name each question in the test that checks it"


@pytest.fixture(scope="module")
def owners(store: ox.Store) -> dict[str, set[str]]:
    """The case graphs that type each curated node of the build."""
    return typed_in_cases(store)


@pytest.mark.parametrize("stem", case_questions())
def test_question_matches_expected_csv(store: ox.Store, owners: dict[str, set[str]], stem: str) -> None:
    compare_case_rows(store, stem, owners=owners, with_unowned=True)


# --- the case: answers the seed article fixes -------------------------------------------------------

def test_outcomes_by_dimension_are_tabel_2(store: ox.Store, owners: dict[str, set[str]]) -> None:
    rows = [r for r in answer(store, "06-outcomes-by-dimension") if r["case"] == BANDUNG_SEOUL]
    counts = {r["dimensionLabel"]: int(r["outcomes"]) for r in rows}
    assert counts == {"Smart Government": 5, "Smart Branding": 4, "Smart Living": 4, "Smart Environment": 2}
    assert sum(counts.values()) == 15


def test_outcomes_one_by_one_include_those_without_a_dimension(store: ox.Store,
                                                                owners: dict[str, set[str]]) -> None:
    """Question 07 lists Tabel 2's 15 rows under their dimension, then the article's three
    exchanges, which it places in no dimension (the frame does not hide them)."""
    rows = [r for r in answer(store, "07-outcomes") if BANDUNG_SEOUL in owners.get(r["outcome"], set())]
    assert len([r for r in rows if r["dimensionLabel"]]) == 15
    assert {r["outcome"].rsplit("/", 1)[-1] for r in rows if not r["dimensionLabel"]} == {
        "summer-school-student-exchange", "civil-servant-exchange-seoul-tax-department",
        "bandung-students-sundanese-arts-at-seoul-festival"}
    assert [bool(r["dimensionLabel"]) for r in rows] == sorted((bool(r["dimensionLabel"]) for r in rows),
                                                               reverse=True), "no dimension: listed last"


def test_bus_reform_timeline_dates_and_venues(store: ox.Store) -> None:
    rows = answer(store, "03-bus-reform-timeline")
    assert [(r["phase"], r["start"], r["end"], r["venue"]) for r in rows] == [
        ("1", "2017-10-16", "2017-10-19", "Bandung"),
        ("2", "not stated in source", "not stated in source", "not stated in source"),
        ("3", "2018-03-25", "2018-03-31", "not stated in source"),
        ("4", "2019-05-06", "2019-05-09", "Bandung"),
    ]


def test_four_agencies_at_the_final_reporting_workshop(store: ox.Store) -> None:
    rows = answer(store, "04-agencies-in-events")
    final = {r["agency"].rsplit("/", 1)[-1] for r in rows
             if r["event"] == ID + "event/bus-reform-final-reporting-2019"}
    assert final == {"bandung-diskominfo", "bandung-dpupr", "bandung-dishub", "bandung-bappelitbang"}


def test_ksp_has_six_stages_three_modalities(store: ox.Store) -> None:
    stages = answer(store, "22-ksp-stages")
    assert [int(r["stageNumber"]) for r in stages] == [1, 2, 3, 4, 5, 6]
    assert [r["heldIn"] for r in stages] == ["Partner country"] * 3 + ["Korea", "Partner country", "Korea"]
    realised = {int(r["stageNumber"]): r["start"] for r in stages if r["event"]}
    assert realised == {2: "2017-10-16", 3: "not stated in source", 4: "2018-03-25", 5: "2019-05-06"}
    modalities = answer(store, "23-advocacy-modalities")
    assert {r["modality"] for r in modalities} == {"Policy consultation", "Case study", "Joint consulting"}


def test_mechanisms_evidenced_and_copying_not(store: ox.Store) -> None:
    rows = answer(store, "05-transfer-assessments")
    results = {r["concept"]: r["result"] for r in rows}
    assert results == {"Learning": "Evidenced", "Competition": "Evidenced", "Coercion": "Evidenced",
                       "Copying": "Not evidenced", "Emulation": "Predominant", "Combination": "Predominant"}


def test_diffusion_from_seoul_never_copying(store: ox.Store) -> None:
    rows = answer(store, "08-diffusion-by-outcome")
    assert rows and all("Copying" not in r["diffusionTypes"] for r in rows)
    cikapundung = [r for r in rows if r["adopted"] == ID + "outcome/cikapundung-river-revitalisation"]
    assert [(r["diffusionTypes"], r["sourcePolicy"]) for r in cikapundung] == [
        ("Combination", ID + "policy/cheonggyecheon-restoration")]


def test_investment_amounts_as_stated(store: ox.Store) -> None:
    rows = {r["investment"].rsplit("/", 1)[-1]: r for r in answer(store, "09-investments")}
    lrt = rows["lrt-investment-agreement"]
    assert (lrt["amountAsStated"], lrt["value"], lrt["currency"]) == ("37 juta USD", "37000000", "USD")
    posco = rows["posco-partnership-and-investment"]
    assert (posco["amountAsStated"], posco["value"], posco["currency"]) == ("21,5 Miliar", "21500000000",
                                                                             "not stated")
    assert posco["investors"] == "POSCO"


def test_seven_sci_principles(store: ox.Store) -> None:
    rows = answer(store, "10-sci-principles")
    assert sorted({int(r["number"]) for r in rows}) == [1, 2, 3, 4, 5, 6, 7]
    reciprocity = {r["activity"] for r in rows if r["number"] == "4" and r["activity"]}
    assert ID + "event/seoul-festivals-with-bandung-representatives" in reciprocity


def test_master_plan_four_challenges_four_targets(store: ox.Store) -> None:
    rows = answer(store, "11-master-plan")
    assert len({r["challenge"] for r in rows}) == 4
    assert len({r["target"] for r in rows if r["target"]}) == 4
    assert {(r["preparedBy"], r["commissionedBy"]) for r in rows} == {("LAPI ITB", "Bandung City Government")}


def test_advocates_of_the_bus_reform_transfer(store: ox.Store) -> None:
    rows = [r for r in answer(store, "02-advocates-and-transfers")
            if r["transfer"] == ID + "transfer/bus-system-reform-to-bandung"]
    assert {r["advocateLabel"] for r in rows} == {"Knowledge Sharing Program (KSP)", "The Seoul Institute",
                                                  "Intelligent Transport Society of Korea",
                                                  "Dongil Engineering Consultants"}
    assert {(r["programme"], r["start"], r["end"]) for r in rows} == {
        ("Knowledge Sharing Program (KSP)", "2017", "2018")}


def test_advocates_and_their_roles(store: ox.Store) -> None:
    rows = answer(store, "01-participants-and-roles")
    advocates = {(r["actor"].rsplit("/", 1)[-1], r["activity"].rsplit("/", 1)[-1])
                 for r in rows if r["role"] == "advocate"}
    assert ("ksp", "bus-system-reform-strategy-bandung-2017-2018") in advocates
    assert ("lapi-itb", "bandung-smart-city-master-plan-lapi-itb") in advocates
    assert any(r["actor"] == ID + "person/ridwan-kamil" and r["role"] == "Mayor" for r in rows)


def test_advocate_role_is_inferred(store: ox.Store) -> None:
    advocates = {s["a"].value for s in store.query(
        "SELECT ?a WHERE { ?a a <https://w3id.org/sistercity/ontology#Advocate> }",
        use_default_graph_as_union=True)}
    assert {ID + "org/ksp", ID + "org/lapi-itb", ID + "org/the-seoul-institute"} <= advocates


def _article() -> str:
    """The seed article's text with its line wrapping undone (as test_case_facts reads it)."""
    text = re.sub(r"-[ \t]*\n\s*(?=[a-z])", "-", ARTICLE.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", text).strip()


def test_provenance_pairs_each_source_with_its_own_locator(store: ox.Store) -> None:
    """The statistic of Bandung's sister cities rests on the article and on the two works it cites
    for the count; each row names where in its own source, and each cue is the article's text."""
    rows = answer(store, "12-provenance")  # the default node: the statistic
    assert {r["node"] for r in rows} == {ID + "statistic/bandung-sister-cities-2020"}
    located = {(r["source"].rsplit("/", 1)[-1], r["citedIn"], r["location"]) for r in rows}
    assert located == {
        ("seed-article", "", "PENDAHULUAN, paragraph 'Kerjasama Sister City telah lama dijalankan'"),
        ("aju-2020", "seed article", "PENDAHULUAN, at '(Aju, 2020; Mugia, 2020)'"),
        ("mugia-2020", "seed article", "PENDAHULUAN, at '(Aju, 2020; Mugia, 2020)'"),
    }
    article = _article()
    for row in rows:
        assert all(cue in article for cue in re.findall(r"'([^']+)'", row["location"])), row["location"]
        assert re.sub(r"\s+", " ", row["evidence"]) in article
    seed = [r for r in rows if r["source"] == SEED]
    assert len(seed) == 2 and len({r["evidence"] for r in seed}) == 2  # one row per sentence


def test_provenance_of_a_node_with_one_source(store: ox.Store) -> None:
    """One source: the node's own locator (the simple form), on every row of that source."""
    rows = answer(store, "12-provenance", node=ID + "twinning/id-bandung--kr-seoul")
    assert {(r["source"], r["citedIn"]) for r in rows} == {(SEED, "")}
    assert {r["location"] for r in rows} == {
        "ABSTRAK, at 'kemitraan sister city antara kota Bandung - Seoul'; "
        "HASIL DAN PEMBAHASAN > Policy Diffusion, paragraph 'Terdapat sejumlah persoalan struktural'"}
    assert len(rows) == 2  # its two sentences


def test_provenance_of_a_cited_work_is_where_the_article_cites_it(store: ox.Store) -> None:
    """Seoul's government rests on the article (two passages) and on a news item the article cites
    for Seoul's LRT advice: the news item's row gives that citation, not the article's passages."""
    rows = answer(store, "12-provenance", node=ID + "org/seoul-metropolitan-government")
    by_source = {r["source"].rsplit("/", 1)[-1]: r for r in rows}
    assert set(by_source) == {"seed-article", "korsel-siap-bantu-2017"}
    news = by_source["korsel-siap-bantu-2017"]
    assert news["citedIn"] == "seed article"
    assert news["location"] == ("HASIL DAN PEMBAHASAN > Policy Diffusion, at "
                                "'(\"Korsel Siap Bantu Wujudkan Bandung Smart City,\" 2017)'")
    assert "Korsel Siap Bantu Wujudkan Bandung Smart City" in news["evidence"]
    assert by_source["seed-article"]["location"].startswith("METODE PENELITIAN")


def test_partner_statistic_against_lists(store: ox.Store, world_loaded: bool) -> None:
    rows = answer(store, "21-partner-count-vs-lists")
    (row,) = [r for r in rows if r["statistic"] == ID + "statistic/bandung-sister-cities-2020"]
    assert (row["statedPartners"], row["statedActive"], row["curatedPartners"]) == ("25", "14", "1")
    assert set(row["statedBy"].split("; ")) == {"seed article", "(Aju, 2020)", "(Mugia, 2020)"}
    if world_loaded:
        assert row["worldListPartners"] == str(len(BANDUNG_WORLD_PARTNERS))
        assert row["recordedPartners"] == str(len(BANDUNG_WORLD_PARTNERS) + 1)
        assert row["difference"] == str(25 - len(BANDUNG_WORLD_PARTNERS) - 1)


def test_bandung_seoul_conflicts_with_the_world_list(store: ox.Store, world_loaded: bool) -> None:
    rows = {(r["placeA"], r["placeB"]): r for r in answer(store, "20-twinning-claims")}
    assert set(rows) == {("Bandung", "Seoul"), ("Beihai", "Semarang"), ("Xiamen", "Surabaya")}
    if world_loaded:
        assert rows[("Bandung", "Seoul")]["inWorldList"] == "false"
        assert rows[("Bandung", "Seoul")]["verdict"].startswith("conflict")
        assert rows[("Xiamen", "Surabaya")]["verdict"] == "agree"
        assert rows[("Beihai", "Semarang")]["verdict"] == "agree"


# --- the network: invariants that hold on the case alone and with the world list ---------------------

def test_sister_cities_of_bandung(store: ox.Store, world_loaded: bool) -> None:
    rows = answer(store, "13-sister-cities")
    assert rows and all(r["city"] == BANDUNG and r["source"] for r in rows)
    seoul = [r for r in rows if r["partnerLabel"] == "Seoul"]
    assert [(r["source"], r["status"], r["country"]) for r in seoul] == [(SEED, "Active", "KR")]
    partners = {r["partnerLabel"] for r in rows}
    if world_loaded:
        assert partners == BANDUNG_WORLD_PARTNERS | {"Seoul"}
        world = [r for r in rows if r["source"] == WORLD_SOURCE]
        assert {r["partnerLabel"] for r in world} == BANDUNG_WORLD_PARTNERS
    else:
        assert partners == {"Seoul"}


def test_sister_cities_of_another_city(store: ox.Store) -> None:
    rows = answer(store, "13-sister-cities", city=ID + "city/cn/xiamen")
    assert "Surabaya" in {r["partnerLabel"] for r in rows}


@pytest.mark.parametrize("limit", [1, 3, 10])
def test_most_partners_is_a_correct_ranking(store: ox.Store, limit: int) -> None:
    rows = answer(store, "14-most-partners", limit=str(limit))
    assert rows and all(r["limit"] == str(limit) for r in rows)
    partners = [int(r["partners"]) for r in rows]
    assert partners == sorted(partners, reverse=True)
    degree = Counter(a for a, _ in twinned_pairs(store))
    ranked = {city for city, n in degree.items() if 1 + sum(1 for m in degree.values() if m > n) <= limit}
    assert {r["city"] for r in rows} == ranked
    assert all(int(r["partners"]) == degree[r["city"]] for r in rows)
    assert all(int(r["rank"]) == 1 + sum(1 for m in degree.values() if m > int(r["partners"])) for r in rows)
    # exactly `limit` rows unless cities tie for the last place
    last = sorted(degree.values(), reverse=True)
    if len(last) > limit and last[limit - 1] != last[limit]:
        assert len(rows) == limit
    else:
        assert len(rows) >= min(limit, len(last))


def test_country_pairs_counted_and_sorted(store: ox.Store) -> None:
    rows = answer(store, "15-country-pairs")
    counts = [int(r["twinnings"]) for r in rows]
    assert rows and len(rows) <= 20 and counts == sorted(counts, reverse=True)
    assert all(r["countryA"] <= r["countryB"] for r in rows)
    codes = {s["p"].value: s["code"].value for s in store.query(
        "SELECT DISTINCT ?p ?code WHERE { ?p <https://w3id.org/sistercity/ontology#inCountry>/"
        "<https://w3id.org/sistercity/ontology#countryCode> ?code }", use_default_graph_as_union=True)}
    pairs = Counter(tuple(sorted((codes[a], codes[b]))) for a, b in twinned_pairs(store)
                    if a < b and a in codes and b in codes)
    top = sorted(pairs.items(), key=lambda item: (-item[1], item[0]))[:20]
    assert [(r["countryA"], r["countryB"], int(r["twinnings"])) for r in rows] == [(a, b, n) for (a, b), n in top]


def test_shared_partners_two_hops(store: ox.Store, world_loaded: bool) -> None:
    rows = answer(store, "16-shared-partners")
    pairs = twinned_pairs(store)
    mine = {b for a, b in pairs if a == BANDUNG}
    expected = Counter(a for a, b in pairs if b in mine and a != BANDUNG)
    assert {r["other"]: int(r["shared"]) for r in rows} == dict(expected)
    shared = [int(r["shared"]) for r in rows]
    assert shared == sorted(shared, reverse=True)
    if world_loaded:
        assert rows, "Bandung shares partners with other cities once the world list is in"


def test_partners_in_a_country(store: ox.Store, world_loaded: bool) -> None:
    korea = {r["partnerLabel"]: r["source"] for r in answer(store, "17-partners-in-country")}
    assert korea["Seoul"] == SEED
    lower = {r["partnerLabel"] for r in answer(store, "17-partners-in-country", country="kr")}
    assert lower == set(korea)
    if world_loaded:
        assert korea == {"Seoul": SEED, "Suwon": WORLD_SOURCE}
        china = {r["partnerLabel"] for r in answer(store, "17-partners-in-country", country="CN")}
        assert china == {"Liuzhou", "Yingkou"}


def test_twinning_distances(store: ox.Store, world_loaded: bool) -> None:
    rows = answer(store, "18-twinning-distances")
    if not world_loaded:
        return  # the curated cases carry no distances; nothing to rank
    longest = [float(r["km"]) for r in rows if r["extreme"] == "longest"]
    shortest = [float(r["km"]) for r in rows if r["extreme"] == "shortest"]
    assert len(longest) == 10 and len(shortest) == 10
    assert longest == sorted(longest, reverse=True) and shortest == sorted(shortest)
    assert min(longest) >= max(shortest)
    assert max(longest) <= math.pi * 6371.0088 + 1  # half the Earth's circumference


# --- quality checks ------------------------------------------------------------------------------

CHECK_FILES = sorted(CHECKS.glob("*-violation.rq"))


def test_there_are_checks_each_with_a_header() -> None:
    assert len(CHECK_FILES) >= 8
    for path in CHECK_FILES:
        assert path.read_text(encoding="utf-8").startswith("# guards:"), path.name


@pytest.mark.parametrize("path", CHECK_FILES, ids=lambda p: p.stem)
def test_check_finds_nothing_on_the_built_graph(store: ox.Store, path: Path) -> None:
    rows = list(store.query(path.read_text(encoding="utf-8"), use_default_graph_as_union=True))
    assert rows == [], f"{path.name}: {len(rows)} violation(s), e.g. {rows[:3]}"


# Each check must also catch what it guards: a minimal graph that breaks it.
_P = """@prefix sc: <https://w3id.org/sistercity/ontology#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/sistercity/id/> .
"""
BROKEN = {
    "asserted-advocate": "GRAPH <https://w3id.org/sistercity/graph/case/x> { <org/a> a sc:Advocate . }",
    "controlled-value": "GRAPH <g> { <outcome/o> sc:smartCityDimension <vocab/smart-lving> . }",
    "date-order": 'GRAPH <g> { <event/e> schema:startDate "2019-05-09"^^xsd:date ; schema:endDate "2019-05-06"^^xsd:date . }',
    "duplicate-phase": "GRAPH <g> { <event/a> sc:partOfProject <project/p> ; sc:phaseNumber 1 . "
                       "<event/b> sc:partOfProject <project/p> ; sc:phaseNumber 1 . }",
    "monetary-amount": 'GRAPH <g> { <amount/a> a sc:MonetaryAmount ; schema:value 21.5 ; sc:amountAsStated "21,5" . }',
    "not-stated-but-given": 'GRAPH <g> { <event/e> sc:notStatedInSource schema:startDate ; '
                            'schema:startDate "2017"^^xsd:gYear . }',
    "outcome-dimension": 'GRAPH <g> { <outcome/o> a sc:Outcome ; prov:wasDerivedFrom <source/seed-article> ; '
                         'prov:qualifiedDerivation <derivation/outcome/o/seed-article> . '
                         '<derivation/outcome/o/seed-article> prov:entity <source/seed-article> ; '
                         'sc:sourceLocation "Tabel 2, Smart Living, row 5" . }',
    "combined-locator": 'GRAPH <https://w3id.org/sistercity/graph/case/x> { <org/a> prov:wasDerivedFrom '
                        '<source/s1> , <source/s2> ; sc:sourceLocation "PENDAHULUAN" . }',
    "partner-count": "GRAPH <g> { <statistic/s> a sc:TwinningStatistic ; sc:partnerCount 14 ; "
                     "sc:activePartnerCount 25 . }",
    "self-twinning": "GRAPH <g> { <city/x/a> sc:twinnedWith <city/x/a> . }",
    "twinned-without-twinning": "GRAPH <g> { <city/x/a> sc:twinnedWith <city/x/b> . }",
    "twinning-partners": "GRAPH <g> { <twinning/t> a sc:Twinning ; sc:partner <city/x/a> . }",
    "unsourced-curated-node": "GRAPH <https://w3id.org/sistercity/graph/case/x> { <org/a> a sc:Organisation . }",
}


def test_every_check_has_a_broken_example() -> None:
    assert {p.stem.removesuffix("-violation") for p in CHECK_FILES} == set(BROKEN)


@pytest.mark.parametrize("path", CHECK_FILES, ids=lambda p: p.stem)
def test_check_catches_what_it_guards(path: Path) -> None:
    broken = ox.Store()
    broken.load(_P + BROKEN[path.stem.removesuffix("-violation")], format=ox.RdfFormat.TRIG)
    rows = list(broken.query(path.read_text(encoding="utf-8"), use_default_graph_as_union=True))
    assert rows, f"{path.name} misses the violation it guards"
