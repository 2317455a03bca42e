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
