"""Mistakes no shape sees, caught at build and validate time: undefined terms, modules in the
core's namespace, misnamed shapes files, studies for another core; findings name file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sistercity.build import dataset as ds
from sistercity.build.pipeline import build
from sistercity.build.study import find_studies
from sistercity.build.terms import check_sources
from sistercity.build.validate_files import validate_files
from sistercity.core.errors import ValidationFailed
from tests.cli.conftest import ROOT, copy_project

DATA = ROOT / "tests" / "data" / "studies"
STUDY = """[study]
slug = "checks"
title = "Checks"
namespace = "https://example.org/checks#"
prefix = "chk"
authors = ["A. Scholar"]
licence = "CC-BY-4.0"
core = "{core}"
"""
MODULE = """@prefix chk: <https://example.org/checks#> .
@prefix sc:  <https://w3id.org/sistercity/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

<https://example.org/checks> a owl:Ontology .

chk:Festival a owl:Class ; rdfs:subClassOf sc:Event ;
    rdfs:label "festival"@en ; skos:definition "A festival."@en .

sc:Festivity a owl:Class ;
    rdfs:label "festivity"@en ; skos:definition "Declared in the core's namespace by mistake."@en .

sc:Twinning rdfs:comment "A study changing a core term." .
"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def checks_of(root: Path, extra: list[Path] = ()) -> list:
    layout = ds.Layout(root, find_studies(root, extra))
    return list(check_sources(layout, ds.load_dataset(layout), version="0.1.0").findings)


def make_study(base: Path, core: str = "0.1") -> Path:
    study = base / "checks"
    (study / "module").mkdir(parents=True)
    (study / "case").mkdir()
    (study / "study.toml").write_text(STUDY.format(core=core), encoding="utf-8")
    (study / "module" / "checks.ttl").write_text(MODULE, encoding="utf-8")
    return study


def test_the_repository_has_no_undefined_terms_or_module_mistakes() -> None:
    assert checks_of(ROOT) == []


def test_undefined_terms_are_violations_with_file_line_and_closest_terms(project: Path) -> None:
    target = project / "data" / "cases" / "bandung-seoul" / "zz-typos.ttl"
    shutil.copy(DATA / "typos.ttl", target)
    found = {f.path if f.path != "rdf:type" else f.value: f for f in checks_of(project)}
    cty, mediated, derived = found["sc:Cty"], found["sc:mediatedby"], found["prov:wasDerivedFom"]
    assert (cty.file, cty.line) == (str(target), 8)
    assert "undefined class sc:Cty" in cty.message and "closest defined: sc:City" in cty.message
    assert (mediated.line, mediated.focus) == (15, "https://w3id.org/sistercity/id/transfer/typo-transfer")
    assert "closest defined: sc:mediatedBy" in mediated.message
    assert derived.line == 16 and "closest defined: prov:wasDerivedFrom" in derived.message
    unknown = found["<https://example.org/undeclared#note>"]
    assert unknown.line == 17 and "`vocabularies` in study.toml" in unknown.message
    assert all(f.severity.value == "Violation" for f in found.values())


def test_the_build_fails_on_a_typo_naming_the_term_and_the_line(project: Path) -> None:
    target = project / "data" / "cases" / "bandung-seoul" / "zz-typos.ttl"
    shutil.copy(DATA / "typos.ttl", target)
    with pytest.raises(ValidationFailed) as caught:
        build(project, out=project / "dist", with_world=False)
    assert f"file:    {target}:15" in str(caught.value)
    assert "undefined property sc:mediatedby" in str(caught.value)


def test_a_declared_outside_vocabulary_is_accepted(tmp_path: Path, project: Path) -> None:
    study = make_study(tmp_path)
    shutil.copy(DATA / "typos.ttl", study / "case" / "typos.ttl")
    toml = study / "study.toml"
    toml.write_text(toml.read_text() + 'vocabularies = ["https://example.org/undeclared#"]\n')
    terms = {f.path for f in checks_of(project, [study]) if f.message.startswith("undefined")}
    assert "<https://example.org/undeclared#note>" not in terms and "sc:mediatedby" in terms


def test_module_in_the_core_namespace_misnamed_shapes_and_old_core(tmp_path: Path, project: Path) -> None:
    study = make_study(tmp_path, core="0.0")
    shutil.copy(ROOT / "studies" / "china-indonesia" / "module" / "city-diplomacy.shapes.ttl",
                study / "module" / "checks-shapes.ttl")
    (study / "module" / "notes.shacl").write_text("# not read\n")
    findings = checks_of(project, [study])
    by_message = {f.message.split(":")[0]: f for f in findings}
    new = next(f for f in findings if "declares sc:Festivity in the core's namespace" in f.message)
    assert new.severity.value == "Violation" and new.file == str(study / "module" / "checks.ttl")
    assert new.line == 12
    changed = next(f for f in findings if "statements about the core's term sc:Twinning" in f.message)
    assert changed.severity.value == "Warning" and changed.line == 15
    misnamed = next(f for f in findings if "holds SHACL shapes" in f.message)
    assert misnamed.severity.value == "Violation" and "rename it to checks.shapes.ttl" in misnamed.message
    unread = next(f for f in findings if f.message.startswith("notes.shacl is not loaded"))
    assert unread.severity.value == "Warning"
    old = next(f for f in findings if "targets core 0.0" in f.message)
    assert old.severity.value == "Warning" and old.file == str(study / "study.toml") and old.line == 8
    assert by_message  # every finding has a message


def test_a_finding_names_the_file_of_the_offending_triple_not_the_subjects_first(project: Path) -> None:
    target = project / "data" / "cases" / "bandung-seoul" / "zz-second.ttl"
    shutil.copy(DATA / "second-file.ttl", target)
    with pytest.raises(ValidationFailed) as caught:
        build(project, out=project / "dist", with_world=False)
    finding = next(f for f in caught.value.result.violations if f.path == "sc:inCountry"
                   and f.focus.endswith("/city/id/bandung") and f.value == '"Indonesia"')
    assert (finding.file, finding.line) == (str(target), 6)
    assert f"file:    {target}:6" in finding.describe()


def test_validate_loads_sources_countries_and_world_cities(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SISTERCITY_CACHE", str(tmp_path / "no-cache"))
    case = sorted((ROOT / "data" / "cases" / "bandung-seoul").glob("*.ttl"))
    alone = validate_files(ROOT, case[:1])  # one file of the case, sources not given
    assert alone.violations == (), alone.report()
    before = validate_files(ROOT, [DATA / "refers.ttl"], dist=tmp_path / "none")
    assert [(f.path, f.value) for f in before.violations] == [
        ("sc:partner", "<https://w3id.org/sistercity/id/city/de/braunschweig>")]  # Germany is known
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "sistercity.nq").write_text(
        "<https://w3id.org/sistercity/id/city/de/braunschweig> "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/sistercity/ontology#City> "
        "<https://w3id.org/sistercity/graph/world> .\n", encoding="utf-8")
    after = validate_files(ROOT, [DATA / "refers.ttl"], dist=dist)
    assert after.violations == (), after.report()


def test_validate_brings_in_the_study_a_file_belongs_to(tmp_path: Path, project: Path) -> None:
    shutil.copytree(ROOT / "studies" / "china-indonesia", tmp_path / "ci")  # not under project/studies
    result = validate_files(project, [tmp_path / "ci" / "case" / "framing.ttl"])
    assert result.violations == (), result.report()
    (tmp_path / "ci" / "study.toml").unlink()
    without = validate_files(project, [tmp_path / "ci" / "case" / "framing.ttl"])
    assert any("undefined class cdx:ForeignPolicyNarrative" in f.message or
               "<https://w3id.org/sistercity/ext/city-diplomacy#ForeignPolicyNarrative>" in f.message
               for f in without.violations), without.report()


REPEATED_TYPO = """@base <https://w3id.org/sistercity/id/> .
@prefix sc:   <https://w3id.org/sistercity/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<org/typo-agency> a sc:Organisation ; rdfs:label "Typo agency"@en ;
    prov:qualifiedDerivation <derivation/org/typo-agency/seed-article> ,
        <derivation/org/typo-agency/aju-2020> .

<derivation/org/typo-agency/seed-article> a prov:Derivation ;
    prov:entity <source/seed-article> ;
    sc:sourcelocation "ABSTRACT" .

<derivation/org/typo-agency/aju-2020> a prov:Derivation ;
    prov:entity <source/aju-2020> ;
    sc:sourcelocation "PENDAHULUAN" .
"""


def test_a_typo_used_many_times_is_reported_once_at_its_first_line(project: Path) -> None:
    """The first use in the file (not the one the graph happens to yield first), and how many more:
    the derivation's own block, not the object list that names it earlier."""
    target = project / "data" / "cases" / "bandung-seoul" / "zz-repeated.ttl"
    target.write_text(REPEATED_TYPO, encoding="utf-8")
    typos = [f for f in checks_of(project) if f.path == "sc:sourcelocation"]
    assert len(typos) == 1
    assert (typos[0].line, typos[0].focus) == (12, "https://w3id.org/sistercity/id/derivation/org/typo-agency/seed-article")
    assert "It is used 2 times in this file; the first is shown." in typos[0].message
