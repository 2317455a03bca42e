"""The study model: study.toml read with tomllib, every field checked, studies found under studies/."""

from __future__ import annotations

from pathlib import Path

import pytest

from sistercity.build.study import find_studies, load_study, study_prefixes
from sistercity.core.errors import StudyError
from sistercity.core.namespaces import GRAPH

ROOT = Path(__file__).resolve().parents[2]

GOOD = """[study]
slug = "green-ties"
title = "Green ties"
namespace = "https://example.org/green-ties#"
prefix = "gt"
authors = ["A. Scholar", "B. Scholar"]
licence = "CC-BY-4.0"
core = "0.1"
"""


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "study.toml").write_text(text, encoding="utf-8")
    return folder


def test_the_worked_example_is_a_study_found_without_the_option() -> None:
    studies = find_studies(ROOT)
    example = {s.slug: s for s in studies}["china-indonesia"]
    assert example.prefix == "cdx" and example.namespace == "https://w3id.org/sistercity/ext/city-diplomacy#"
    assert [p.name for p in example.module_files] == ["city-diplomacy.ttl"]
    assert [p.name for p in example.shape_files] == ["city-diplomacy.shapes.ttl"]
    assert [p.name for p in example.case_files] == ["framing.ttl"]
    assert example.graph == GRAPH["case/china-indonesia"]
    assert (example.queries / "01-framed-twinnings.rq").is_file()


def test_a_good_study_toml_reads_back(tmp_path: Path) -> None:
    study = load_study(write(tmp_path / "s", GOOD))
    assert (study.slug, study.title, study.prefix, study.licence, study.core) == (
        "green-ties", "Green ties", "gt", "CC-BY-4.0", "0.1")
    assert study.authors == ("A. Scholar", "B. Scholar")
    assert study_prefixes([study])["gt"] == "https://example.org/green-ties#"
    entry = study.describe(tmp_path)
    assert entry["folder"] == "s" and entry["graph"].endswith("/graph/case/green-ties")


@pytest.mark.parametrize("field", ["slug", "title", "namespace", "prefix", "authors", "licence", "core"])
def test_a_missing_field_is_named_with_the_line_to_add(tmp_path: Path, field: str) -> None:
    text = "\n".join(line for line in GOOD.splitlines() if not line.startswith(field + " "))
    with pytest.raises(StudyError) as caught:
        load_study(write(tmp_path / "s", text))
    message = str(caught.value)
    assert str(tmp_path / "s" / "study.toml") in message
    assert f"[study] has no {field}" in message and f"{field} = " in message


@pytest.mark.parametrize(("old", "new", "words"), [
    ('namespace = "https://example.org/green-ties#"',
     'namespace = "https://w3id.org/sistercity/ontology#"', "is the core's"),
    ('namespace = "https://example.org/green-ties#"', 'namespace = "green"', "absolute IRI"),
    ('prefix = "gt"', 'prefix = "sc"', "the core does not use"),
    ('slug = "green-ties"', 'slug = "Green Ties"', "lower-case letters"),
    ('authors = ["A. Scholar", "B. Scholar"]', 'authors = "A. Scholar"', "a list of names"),
])
def test_bad_values_are_refused_with_the_reason(tmp_path: Path, old: str, new: str, words: str) -> None:
    with pytest.raises(StudyError, match=words):
        load_study(write(tmp_path / "s", GOOD.replace(old, new)))


def test_toml_syntax_error_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StudyError, match=r"not valid TOML.*line 2"):
        load_study(write(tmp_path / "s", "[study]\nslug = \n"))
    with pytest.raises(StudyError, match="not a study folder"):
        load_study(tmp_path)


def test_two_studies_with_one_prefix_are_refused(tmp_path: Path) -> None:
    one = write(tmp_path / "one", GOOD)
    two = write(tmp_path / "two", GOOD.replace("green-ties", "other-ties"))
    with pytest.raises(StudyError, match="prefix 'gt' is also the prefix"):
        find_studies(tmp_path, [one, two])
