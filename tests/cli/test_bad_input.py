"""Bad input files, through the CLI as a user runs it: an error naming file:line and what is
wrong, exit 1, never a Python traceback; the build refuses them as `validate` does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import ROOT

DATA = ROOT / "tests" / "data" / "build"
BAD_DATE = DATA / "ill-typed-date.ttl"
BAD_IRI = DATA / "iri-with-space.ttl"
MONTH_13 = '"2017-13-45" is not a valid xsd:date: month 13 is not 1–12'
SPACE = ("the IRI <city/id/kota bandung> contains a space, which an IRI may not hold: "
         "percent-encode it (%20)")


def refused(done, where: str, what: str) -> None:
    """The run failed with exit 1, naming ``where`` and ``what``, and printed no traceback."""
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"error: {where}: syntax error: {what}" in done.stderr, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "Failed to convert Literal" not in done.stderr  # rdflib's logged traceback is silenced


def test_validate_refuses_a_date_with_month_13(cli) -> None:
    refused(cli("validate", str(BAD_DATE)), f"{BAD_DATE}:8:22", MONTH_13)


def test_validate_refuses_an_iri_with_a_space(cli) -> None:
    refused(cli("validate", str(BAD_IRI)), f"{BAD_IRI}:9:1", SPACE)


def test_validate_names_every_bad_literal_of_a_file(cli, tmp_path: Path) -> None:
    path = tmp_path / "dates.ttl"
    path.write_text('@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
                    '<https://w3id.org/sistercity/id/event/a>\n'
                    '    <https://schema.org/startDate> "2016-02-30"^^xsd:date ;\n'
                    '    <https://w3id.org/sistercity/ontology#phaseNumber> "0"^^xsd:positiveInteger .\n',
                    encoding="utf-8")
    done = cli("validate", str(path))
    refused(done, f"{path}:3:36", '"2016-02-30" is not a valid xsd:date: day 30 is not 1–29 '
                                  "(February 2016 has 29 days)")
    assert ('also line 4: "0" is not a valid xsd:positiveInteger: expected an integer of 1 or more'
            in done.stderr)


@pytest.mark.parametrize("bad, where, what", [
    (ROOT / "tests" / "shapes" / "invalid" / "date-invalid.ttl", "31:22", MONTH_13),
    (BAD_IRI, "9:1", SPACE),
], ids=["month-13", "iri-with-space"])
def test_the_build_refuses_them_too_and_writes_nothing(project: Path, cli, bad: Path, where: str,
                                                       what: str) -> None:
    target = project / "data" / "cases" / "bandung-seoul" / bad.name
    shutil.copy(bad, target)
    refused(cli("build", "--no-world", root=project), f"{target}:{where}", what)
    assert not (project / "dist").exists() or not any((project / "dist").iterdir())


def test_a_bad_character_inside_a_string_is_no_iri(cli, tmp_path: Path) -> None:
    """`<…>` in a literal is text: the file is valid RDF and validates (exit 0)."""
    path = tmp_path / "note.ttl"
    path.write_text('<https://w3id.org/sistercity/id/source/x> '
                    '<http://www.w3.org/2000/01/rdf-schema#comment> "written as <a b> in the list" .\n',
                    encoding="utf-8")
    done = cli("validate", str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
