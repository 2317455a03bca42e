"""query: headers, defaults in VALUES blocks, parameters bound as RDF terms, errors located, formats."""

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from sistercity.core.errors import QueryError, UsageError
from sistercity.publish.query import (OutputFormat, ParamType, find_question, format_result, load_question,
                                      query_text, run)
from sistercity.publish.sparqltext import Position, undeclared_prefixes, values_blocks

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
SELECT ?city ?partner ?label WHERE {
  VALUES ?city { <https://w3id.org/sistercity/id/city/id/bandung> }
  ?city sc:twinnedWith ?partner . ?partner rdfs:label ?label
}
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
    with pytest.raises(UsageError, match="expects iri"):
        run(store, question, params={"city": "x> } UNION { ?city ?p ?partner"})
    with pytest.raises(UsageError, match="expects iri"):
        run(store, question, params={"city": "http://ex/a> } UNION { ?city ?p ?partner"})


def test_ill_typed_and_unknown_parameters(tmp_path: Path, store: ox.Store) -> None:
    text = PARTNERS.replace("# param: city iri", "# param: limit integer 5\n# param: city iri").replace(
        "SELECT ?city", "SELECT ?limit ?city").replace("WHERE {", "WHERE {\n  VALUES ?limit { 5 }")
    question = load_question(write_rq(tmp_path, "08-typed.rq", text))
    with pytest.raises(UsageError, match="'limit' expects integer"):
        run(store, question, params={"limit": "five"})
    with pytest.raises(UsageError, match="unknown parameter\\(s\\) country; this question declares: limit "
                                         "\\(integer\\), city \\(iri\\)"):
        run(store, question, params={"country": "DE"})


def test_a_name_for_an_iri_names_the_nodes_labelled_so(tmp_path: Path, store: ox.Store) -> None:
    question = load_question(write_rq(tmp_path, "07-partners.rq", PARTNERS))
    with pytest.raises(UsageError) as caught:
        run(store, question, params={"city": "braunschweig"})
    message = str(caught.value)
    assert "got 'braunschweig'" in message
    assert "nodes labelled 'braunschweig' in the build:\n    id:city/de/braunschweig  (Braunschweig)" in message
    assert "e.g. --param city=id:city/de/braunschweig" in message
    with pytest.raises(UsageError, match="nodes whose label contains it:\n    id:city/id/bandung"):
        run(store, question, params={"city": "dung"})


def test_missing_parameter_without_default(tmp_path: Path, store: ox.Store) -> None:
    text = PARTNERS.replace(" <https://w3id.org/sistercity/id/city/id/bandung>\n", "\n").replace(
        "  VALUES ?city { <https://w3id.org/sistercity/id/city/id/bandung> }\n", "")
    question = load_question(write_rq(tmp_path, "09-nodefault.rq", text))
    with pytest.raises(UsageError, match="parameter 'city' \\(iri\\) needs a value"):
        run(store, question)
    assert [r[2].value for r in run(store, question, params={"city": "id:city/id/bandung"}).rows] == ["Braunschweig"]


def test_the_default_stands_in_the_query_and_a_value_replaces_it(tmp_path: Path, store: ox.Store) -> None:
    question = load_question(write_rq(tmp_path, "07-partners.rq", PARTNERS))
    # the file as written runs anywhere with the default: no substitution needed
    plain = list(store.query(question.text, use_default_graph_as_union=True))
    assert [s["label"].value for s in plain] == ["Braunschweig"]
    replaced = query_text(question, {"city": "id:city/de/braunschweig"})
    assert "VALUES" not in replaced and "bandung>" not in replaced.split("WHERE")[1]
    assert len(replaced) == len(question.text)  # lines and columns stay where they were
    assert replaced.splitlines()[7].strip() == "" and query_text(question, {}) == question.text


def test_header_and_values_block_must_agree(tmp_path: Path) -> None:
    other = PARTNERS.replace("VALUES ?city { <https://w3id.org/sistercity/id/city/id/bandung> }",
                             "VALUES ?city { <https://w3id.org/sistercity/id/city/kr/seoul> }")
    with pytest.raises(QueryError, match=r"07-partners.rq:8: parameter 'city' defaults to "
                                         r"<https://w3id.org/sistercity/id/city/id/bandung> in its `# param:` "
                                         r"line but to <https://w3id.org/sistercity/id/city/kr/seoul> in its "
                                         r"VALUES block; make them the same"):
        load_question(write_rq(tmp_path, "07-partners.rq", other))
    missing = PARTNERS.replace("  VALUES ?city { <https://w3id.org/sistercity/id/city/id/bandung> }\n", "")
    with pytest.raises(QueryError, match="but no `VALUES \\?city \\{ … \\}` block in the query"):
        load_question(write_rq(tmp_path, "07-partners.rq", missing))
    no_default = PARTNERS.replace("# param: city iri <https://w3id.org/sistercity/id/city/id/bandung>",
                                  "# param: city iri")
    with pytest.raises(QueryError, match="07-partners.rq:8: parameter 'city' has a VALUES block but no default"):
        load_question(write_rq(tmp_path, "07-partners.rq", no_default))
    typed = PARTNERS.replace("# param: city iri", "# param: limit integer 5\n# param: city iri").replace(
        "WHERE {", 'WHERE {\n  VALUES ?limit { "5" }')
    with pytest.raises(QueryError, match="'limit' defaults to .*integer.* but to \"5\" in its VALUES block"):
        load_question(write_rq(tmp_path, "08-typed.rq", typed))


def test_needs_header(tmp_path: Path) -> None:
    question = load_question(write_rq(tmp_path, "07-partners.rq", "# needs: world\n" + PARTNERS))
    assert question.needs == ("world",) and question.needs_world
    assert not load_question(write_rq(tmp_path, "07-partners.rq", PARTNERS)).needs_world
    with pytest.raises(QueryError, match="07-partners.rq:1: a needs line reads `# needs: world`; found 'moon'"):
        load_question(write_rq(tmp_path, "07-partners.rq", "# needs: moon\n" + PARTNERS))


def test_undeclared_prefix_named_with_line_and_column(tmp_path: Path, store: ox.Store) -> None:
    text = ('# title: labels: a test\nPREFIX sc: <https://w3id.org/sistercity/ontology#>\n'
            'SELECT ?x WHERE {\n  ?x a sc:City ; foo:bar "no:prefix" ; sc:p <http://ex/a#b:c> .  # skos: x\n'
            '  FILTER(?x < ?y && ?y > 2) ?x xsd:integer _:b1 .\n}\n')
    assert undeclared_prefixes(text) == [("foo", Position(4, 18)), ("xsd", Position(5, 32))]
    path = write_rq(tmp_path, "10-prefix.rq", text)
    with pytest.raises(QueryError) as caught:
        run(store, load_question(path))
    first = str(caught.value).splitlines()[0]
    assert first == (f"{path}:4:18: prefix 'foo' is not declared (line 4, column 18); add PREFIX foo: <…> "
                     "at the top of the query")
    assert "prefix 'xsd' is not declared (line 5, column 32); add PREFIX xsd: " \
           "<http://www.w3.org/2001/XMLSchema#>" in str(caught.value)


def test_values_blocks_outside_comments_only() -> None:
    text = "# VALUES ?a { 1 }\nSELECT * WHERE {\n  VALUES ?b { \"x\" }\n  VALUES (?c ?d) { (1 2) }\n}"
    assert [(b.name, b.content, b.position) for b in values_blocks(text)] == [("b", '"x"', Position(3, 3))]


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
