"""io: RDF parsing names file, line and column; writes are atomic."""

from pathlib import Path

import pytest

from sistercity.core.errors import RdfSyntaxError
from sistercity.core.io import atomic_write, parse_rdf, write_text

DATA = Path(__file__).resolve().parents[1] / "data" / "build"


def test_syntax_error_names_file_line_and_column() -> None:
    with pytest.raises(RdfSyntaxError) as caught:
        parse_rdf(DATA / "syntax-error.ttl")
    error = caught.value
    assert error.path == DATA / "syntax-error.ttl"
    assert error.line == 6
    assert error.column is not None and error.column > 1
    assert str(error).startswith(f"{DATA / 'syntax-error.ttl'}:6:")


def test_unknown_suffix_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "data.xyz"
    path.write_text("<a> <b> <c> .")
    with pytest.raises(RdfSyntaxError, match="unknown RDF file type '.xyz'"):
        parse_rdf(path)


def test_parse_reads_real_ontology_header(repo_root: Path) -> None:
    graph = parse_rdf(repo_root / "ontology" / "sistercity.ttl")
    assert len(graph) > 5


def test_atomic_write_keeps_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_text(target, "old")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as handle:
            handle.write("half a fi")
            raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


XSD_NS = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize("lexical, datatype, why", [
    ("2017-13-45", "date", "month 13 is not 1–12"),
    ("2019-04-31", "date", "day 31 is not 1–30 (April 2019 has 30 days)"),
    ("2017-00", "gYearMonth", "month 0 is not 1–12"),
    ("2017-02-29T10:00:00", "dateTime", "day 29 is not 1–28 (February 2017 has 28 days)"),
    ("-1", "nonNegativeInteger", "expected an integer of 0 or more"),
    ("ten", "integer", "expected an integer"),
    ("yes", "boolean", "expected true, false, 1 or 0"),
    ("20x7", "gYear", "expected a year YYYY"),
])
def test_an_ill_typed_literal_is_explained(tmp_path: Path, lexical: str, datatype: str, why: str) -> None:
    from rdflib import Literal, URIRef

    from sistercity.core.io import why_ill_typed

    path = tmp_path / "one.ttl"
    path.write_text(f'<https://w3id.org/sistercity/id/event/a> <https://schema.org/startDate> '
                    f'"{lexical}"^^<{XSD_NS}{datatype}> .\n', encoding="utf-8")
    with pytest.raises(RdfSyntaxError) as caught:
        parse_rdf(path)
    assert (caught.value.line, caught.value.column) == (1, 73)  # the opening quote
    assert str(caught.value).startswith(
        f'{path}:1:73: syntax error: "{lexical}" is not a valid xsd:{datatype}: {why}\n')
    if datatype != "boolean":  # rdflib reads any bad boolean as "false": the text tells which
        literal = Literal(lexical, datatype=URIRef(XSD_NS + datatype))
        assert why_ill_typed(literal) == f'"{lexical}" is not a valid xsd:{datatype}: {why}'


def test_an_ill_typed_literal_in_rdf_xml_is_found_on_its_line(tmp_path: Path, caplog) -> None:
    path = tmp_path / "event.rdf"
    path.write_text('<?xml version="1.0"?>\n'
                    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
                    '         xmlns:schema="https://schema.org/">\n'
                    '  <rdf:Description rdf:about="https://w3id.org/sistercity/id/event/a">\n'
                    f'    <schema:startDate rdf:datatype="{XSD_NS}date">2017-13-45</schema:startDate>\n'
                    '  </rdf:Description>\n</rdf:RDF>\n', encoding="utf-8")
    with pytest.raises(RdfSyntaxError, match="month 13 is not 1–12") as caught:
        parse_rdf(path)
    assert (caught.value.line, caught.value.column) == (5, 76)
    assert not [r for r in caplog.records if r.name == "rdflib.term"]  # no logged traceback


def test_an_iri_with_a_space_in_n_triples_is_named(tmp_path: Path) -> None:
    path = tmp_path / "pairs.nt"
    path.write_text('<https://w3id.org/sistercity/id/city/a> <http://www.w3.org/2000/01/rdf-schema#label> "A" .\n'
                    '<https://w3id.org/sistercity/id/city/b c> <http://www.w3.org/2000/01/rdf-schema#label> "B" .\n',
                    encoding="utf-8")
    with pytest.raises(RdfSyntaxError) as caught:
        parse_rdf(path)
    assert (caught.value.line, caught.value.column) == (2, 1)
    assert "the IRI <https://w3id.org/sistercity/id/city/b c> contains a space" in str(caught.value)


def test_the_files_the_build_reads_have_no_bad_terms(repo_root: Path) -> None:
    """The checks accept the real ontology, vocabularies, shapes, sources and cases."""
    from sistercity.build.dataset import Layout, load_dataset

    loaded = load_dataset(Layout(repo_root))
    assert sum(len(g) for g in loaded.graphs.values()) > 5000
