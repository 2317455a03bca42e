"""Ontology quality in the build: the OOPS!-style lint (queries/lint/) over every loaded module, and
the ODK-style violation checks (queries/checks/) on the built graph, each failing the build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from sistercity.build import dataset as ds
from sistercity.build.checks import list_checks, require_passing_checks, run_checks
from sistercity.build.lint import ACCEPTED, lint, list_pitfalls, read_accepted, require_clean_ontology
from sistercity.build.study import find_studies
from sistercity.core.errors import QualityCheckFailed, UsageError

ROOT = Path(__file__).resolve().parents[2]
LINT = ROOT / "queries" / "lint"
CHECKS = ROOT / "queries" / "checks"
PITFALLS = {"P04", "P08", "P11", "P19", "P22", "P32", "P34", "P35", "P38", "P41"}
EX = "https://example.org/pitfalls#"

# A study's module with every pitfall the lint knows, each on a term of its own.
BAD_MODULE = """
@prefix ex:      <https://example.org/pitfalls#> .
@prefix sc:      <https://w3id.org/sistercity/ontology#> .
@prefix owl:     <http://www.w3.org/2002/07/owl#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<https://example.org/pitfalls> a owl:Ontology ;
    dcterms:title "A module with every pitfall"@en .

ex:Lonely a owl:Class ;
    rdfs:label "lonely"@en ; skos:definition "Related to nothing."@en .

ex:Nameless a owl:Class ; rdfs:subClassOf sc:Event ;
    skos:definition "Has no label."@en .

ex:undefined a owl:ObjectProperty ; rdfs:domain ex:Nameless ; rdfs:range sc:Actor ;
    rdfs:label "undefined"@en .

ex:hasNoRange a owl:ObjectProperty ; rdfs:domain ex:Nameless ;
    rdfs:label "has no range"@en ; skos:definition "Its range is missing."@en .

ex:twoDomains a owl:ObjectProperty ; rdfs:domain sc:Actor , sc:Place ; rdfs:range sc:Place ;
    rdfs:label "two domains"@en ; skos:definition "Means actor AND place."@en .

ex:bad_class a owl:Class ; rdfs:subClassOf sc:Event ;
    rdfs:label "bad class"@en ; skos:definition "Not UpperCamelCase."@en .

ex:HasPart a owl:ObjectProperty ; rdfs:domain sc:Event ; rdfs:range sc:Event ;
    rdfs:label "has part (capitalised)"@en ; skos:definition "Not lowerCamelCase."@en .

ex:Meeting a owl:Class ; rdfs:subClassOf sc:Event ;
    rdfs:label "event"@en ; skos:definition "Labelled as the core's sc:Event is."@en .

ex:Visit a owl:Class ; rdfs:subClassOf ex:Undeclared ;
    rdfs:label "pitfall visit"@en ; skos:definition "Its superclass is never declared."@en ;
    ex:undeclaredProperty "a value" .
"""
HEADERLESS = """
@prefix ex:   <https://example.org/pitfalls#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Visit rdfs:comment "a file with no owl:Ontology header"@en .
"""
EXPECTED = {
    ("P04", EX + "Lonely"), ("P08", EX + "Nameless"), ("P08", EX + "undefined"),
    ("P11", EX + "hasNoRange"), ("P19", EX + "twoDomains"), ("P22", EX + "bad_class"),
    ("P22", EX + "HasPart"), ("P32", EX + "Meeting"), ("P34", EX + "Undeclared"),
    ("P35", EX + "undeclaredProperty"), ("P41", "https://example.org/pitfalls"),
}


def core_modules() -> list[Path]:
    """The module files the build lints: the core's, the extensions' and the studies'."""
    return ds.Layout(ROOT, find_studies(ROOT, ())).ontology_files


@pytest.fixture()
def bad_study(tmp_path: Path) -> tuple[Path, Path]:
    module = tmp_path / "study" / "module" / "pitfalls.ttl"
    module.parent.mkdir(parents=True)
    module.write_text(BAD_MODULE, encoding="utf-8")
    headerless = module.with_name("headerless.ttl")
    headerless.write_text(HEADERLESS, encoding="utf-8")
    return module, headerless


# --- the lint ------------------------------------------------------------------------------------

def test_every_pitfall_query_has_a_header_saying_what_it_guards() -> None:
    pitfalls = list_pitfalls(LINT)
    assert {p.code for p in pitfalls} == PITFALLS
    for pitfall in pitfalls:
        text = pitfall.query
        assert text.startswith(f"# pitfall: {pitfall.code} "), pitfall.path.name
        assert "\n# guards:" in text and "\n# why:" in text, pitfall.path.name
        assert pitfall.path.name.startswith(pitfall.code + "-")


def test_the_core_and_the_studies_modules_have_no_unaccepted_finding() -> None:
    files = core_modules()
    assert any("studies" in p.parts for p in files)  # the China–Indonesia study's module
    result = lint(files, queries=LINT)
    assert [f.line(ROOT) for f in result.findings] == []


def test_every_accepted_finding_gives_its_reason_and_still_occurs() -> None:
    accepted = read_accepted(LINT / ACCEPTED)
    result = lint(core_modules(), queries=LINT)
    assert {(f.pitfall, f.term) for f, _ in result.accepted} == set(accepted)
    assert all(reason for reason in accepted.values())


def test_a_study_module_with_every_pitfall_gets_each_finding_with_its_file(
        bad_study: tuple[Path, Path]) -> None:
    module, headerless = bad_study
    result = lint([*core_modules(), module, headerless], queries=LINT)
    found = {(f.pitfall, f.term) for f in result.findings}
    assert EXPECTED <= found
    assert ("P38", headerless.resolve().as_uri()) in found
    # of the core, only the term whose label the study's term repeats is reported (as its twin)
    outside = [f for f in result.findings if f.file not in (module.resolve(), headerless.resolve())]
    assert [(f.pitfall, f.term.rsplit("#", 1)[-1]) for f in outside] == [("P32", "Event")]
    assert outside[0].detail.endswith(f"also the label of <{EX}Meeting>")
    by_term = {(f.pitfall, f.term): f for f in result.findings}
    assert by_term[("P04", EX + "Lonely")].file == module.resolve()
    assert by_term[("P32", EX + "Meeting")].detail == ('label "event"@en is also the label of '
                                                      '<https://w3id.org/sistercity/ontology#Event>')
    assert {f.detail for f in result.findings if f.term == EX + "Nameless"} == {"no rdfs:label"}
    assert "several rdfs:domain" in by_term[("P19", EX + "twoDomains")].detail


def test_the_build_step_raises_with_term_file_and_pitfall(bad_study: tuple[Path, Path]) -> None:
    module, _ = bad_study
    with pytest.raises(QualityCheckFailed) as raised:
        require_clean_ontology([*core_modules(), module], queries=LINT, root=module.parents[2])
    message = str(raised.value)
    assert f"P04 Creating unconnected ontology elements: <{EX}Lonely> in study/module/pitfalls.ttl" in message
    assert ACCEPTED in message
    assert len(raised.value.findings) >= len(EXPECTED)


def test_an_accepted_finding_no_longer_fails(bad_study: tuple[Path, Path], tmp_path: Path) -> None:
    module, _ = bad_study
    queries = tmp_path / "lint"
    shutil.copytree(LINT, queries)
    waived = EXPECTED | {("P32", "https://w3id.org/sistercity/ontology#Event")}  # Meeting's twin
    reasons = [f"{code},{term},accepted in this test because the module is a fixture"
               for code, term in sorted(waived)]
    with (queries / ACCEPTED).open("a", encoding="utf-8") as handle:
        handle.write("\n".join(reasons) + "\n")
    result = require_clean_ontology([*core_modules(), module], queries=queries)
    assert {(f.pitfall, f.term) for f, _ in result.accepted} >= waived
    assert result.findings == ()


def test_an_accepted_finding_without_a_reason_is_refused(tmp_path: Path) -> None:
    path = tmp_path / ACCEPTED
    path.write_text("pitfall,term,reason\nP04,https://example.org/x,\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"row 2: .*reason"):
        read_accepted(path)


def test_a_new_study_from_the_template_passes_the_lint(tmp_path: Path) -> None:
    from sistercity.build.scaffold import NewStudy, new_study

    folder = tmp_path / "green-ties"
    new_study(folder, NewStudy("green-ties", "Green ties", "https://example.org/green-ties#", "gt"),
              root=ROOT)
    modules = sorted((folder / "module").glob("*.ttl"))
    result = lint([*core_modules(), *(p for p in modules if not p.name.endswith(".shapes.ttl"))],
                  queries=LINT)
    assert [f.line() for f in result.findings] == []


# --- the violation checks ------------------------------------------------------------------------

def test_every_check_is_listed_with_what_it_guards() -> None:
    checks = list_checks(CHECKS)
    assert len(checks) == len(list(CHECKS.glob("*-violation.rq")))
    twinning = next(c for c in checks if c.name == "self-twinning")
    assert twinning.guards.startswith("a place twinned with itself")


def test_checks_pass_on_the_curated_build(case_dist: Path) -> None:
    from sistercity.publish.built import load_built

    results = run_checks(load_built(case_dist), CHECKS)
    assert results and all(r.passed for r in results)


def test_a_failing_check_raises_with_its_rows() -> None:
    store = ox.Store()
    store.load("""@prefix sc: <https://w3id.org/sistercity/ontology#> .
        <https://w3id.org/sistercity/id/city/xx/a> sc:twinnedWith <https://w3id.org/sistercity/id/city/xx/a> .""",
               format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("https://w3id.org/sistercity/graph/world"))
    with pytest.raises(QualityCheckFailed) as raised:
        require_passing_checks(store, CHECKS)
    message = str(raised.value)
    assert "self-twinning-violation.rq: 1 row(s); it guards: a place twinned with itself" in message
    assert "place=<https://w3id.org/sistercity/id/city/xx/a>" in message
    assert [r.check.name for r in raised.value.findings] == ["self-twinning", "twinned-without-twinning"]
