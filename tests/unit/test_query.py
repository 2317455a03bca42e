"""query: headers, parameters bound as RDF terms, syntax errors located, formats."""

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from sistercity.core.errors import QueryError, UsageError
from sistercity.publish.query import (OutputFormat, ParamType, find_question, format_result, load_question,
                              run)

SC = "https://w3id.org/sistercity/ontology#"
ID = "https://w3id.org/sistercity/id/"


@pytest.fixture()
def store() -> ox.Store:
    s = ox.Store()
    g = ox.NamedNode("https://w3id.org/sistercity/graph/test")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    twinned = ox.NamedNode(SC + "twinnedWith")
    cities = {name: ox.NamedNode(ID + f"city/{cc}/{name.lower()}")
              for name, cc in (("Bandung", "id"), ("Seoul", "kr"), ("Braunschweig", "de"))}
    for name, node in cities.items():
        s.add(ox.Quad(node, label, ox.Literal(name), g))
    s.add(ox.Quad(cities["Bandung"], twinned, cities["Braunschweig"], g))
    s.add(ox.Quad(cities["Braunschweig"], twinned, cities["Bandung"], g))
    return s


def write_rq(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


PARTNERS = """# title: Partners of a city
# question: Which places is a city twinned with?
# source: test
# param: city iri <https://w3id.org/sistercity/id/city/id/bandung>
PREFIX sc: <https://w3id.org/sistercity/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?city ?partner ?label WHERE { ?city sc:twinnedWith ?partner . ?partner rdfs:label ?label }
ORDER BY ?label
"""


def test_header_is_read(tmp_path: Path) -> None:
    question = load_question(write_rq(tmp_path, "07-partners.rq", PARTNERS))
    assert (question.number, question.slug, question.title) == ("07", "partners", "Partners of a city")
    assert question.params[0].name == "city" and question.params[0].type is ParamType.IRI


def test_default_parameter_and_explicit_value(tmp_path: Path, store: ox.Store) -> None:
    question = load_question(write_rq(tmp_path, "07-partners.rq", PARTNERS))
    assert [r[2].value for r in run(store, question).rows] == ["Braunschweig"]
    other = run(store, question, params={"city": "id:city/de/braunschweig"})
    assert [r[2].value for r in other.rows] == ["Bandung"]


def test_parameter_cannot_inject_sparql(tmp_path: Path, store: ox.Store) -> None:
    question = load_question(write_rq(tmp_path, "07-partners.rq", PARTNERS))
    with pytest.raises(QueryError, match="expects iri"):
        run(store, question, params={"city": "x> } UNION { ?city ?p ?partner"})


def test_ill_typed_and_unknown_parameters(tmp_path: Path, store: ox.Store) -> None:
    text = PARTNERS.replace("# param: city iri", "# param: limit integer 5\n# param: city iri")
    question = load_question(write_rq(tmp_path, "08-typed.rq", text))
    with pytest.raises(QueryError, match="'limit' expects integer"):
        run(store, question, params={"limit": "five"})
    with pytest.raises(QueryError, match="unknown parameter"):
        run(store, question, params={"country": "DE"})


def test_missing_parameter_without_default(tmp_path: Path, store: ox.Store) -> None:
    text = PARTNERS.replace(" <https://w3id.org/sistercity/id/city/id/bandung>", "")
    question = load_question(write_rq(tmp_path, "09-nodefault.rq", text))
    with pytest.raises(QueryError, match="parameter 'city' \\(iri\\) needs a value"):
        run(store, question)


def test_syntax_error_names_file_line_and_column(tmp_path: Path, store: ox.Store) -> None:
    path = write_rq(tmp_path, "10-broken.rq", "# title: broken\nSELECT * WHERE {\n  ?s ?p \n}\n")
    with pytest.raises(QueryError) as caught:
        run(store, load_question(path))
    assert str(caught.value).startswith(f"{path}:4:")
    assert "SPARQL syntax error" in str(caught.value)


def test_unknown_question_lists_known_ones(tmp_path: Path) -> None:
    write_rq(tmp_path, "07-partners.rq", PARTNERS)
    assert find_question("7", tmp_path).slug == "partners"
    with pytest.raises(UsageError, match="07  Partners of a city"):
        find_question("99", tmp_path)


def test_formats(tmp_path: Path, store: ox.Store) -> None:
    result = run(store, load_question(write_rq(tmp_path, "07-partners.rq", PARTNERS)))
    assert format_result(result, OutputFormat.CSV).splitlines() == [
        "city,partner,label", f"{ID}city/id/bandung,{ID}city/de/braunschweig,Braunschweig"]
    data = json.loads(format_result(result, OutputFormat.JSON))
    assert data["results"]["bindings"][0]["label"] == {"type": "literal", "value": "Braunschweig"}
    assert format_result(result, OutputFormat.MARKDOWN).splitlines()[:2] == ["| city | partner | label |", "|---|---|---|"]
    assert format_result(result, OutputFormat.TABLE).rstrip().endswith("(1 row)")


def test_ask_query(tmp_path: Path, store: ox.Store) -> None:
    path = write_rq(tmp_path, "11-ask.rq", "ASK { ?s <https://w3id.org/sistercity/ontology#twinnedWith> ?o }")
    result = run(store, load_question(path))
    assert result.boolean is True and format_result(result, OutputFormat.TABLE) == "true"
