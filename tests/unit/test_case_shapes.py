"""Tests of data/cases/bandung-seoul/bandung-seoul.shapes.ttl: the seed article's Smart LBEG frame
is the case's, not the core's.

A row of the article's Tabel 2 needs exactly one Smart LBEG dimension; an outcome the article
reports elsewhere, or an outcome of another study, needs none. Fixtures: tests/shapes/cases/bandung-seoul/.
"""

from __future__ import annotations

from functools import lru_cache

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SH

from sistercity.build.dataset import Layout
from sistercity.core.namespaces import ID, SC

from tests.unit.shapes_harness import FIXTURES, ROOT, Outcome, Result, shapes_graph, validate_graph

CASE = ROOT / "data" / "cases" / "bandung-seoul"
CASE_SHAPES = CASE / "bandung-seoul.shapes.ttl"
SHAPE = "bandung-seoul#TabelTwoOutcomeDimensionShape"
V = "Violation"


@lru_cache(maxsize=1)
def core_and_case_shapes() -> Graph:
    """The core's shapes and the case's, as the build loads them into graph:shapes."""
    graph = Graph()
    graph += shapes_graph()
    graph.parse(CASE_SHAPES, format="turtle")
    return graph


def validate_case_fixture(name: str) -> Outcome:
    """Validate tests/shapes/cases/bandung-seoul/{name}.ttl with the core and case shapes."""
    data = Graph().parse(FIXTURES / "cases" / "bandung-seoul" / f"{name}.ttl", format="turtle")
    return validate_graph(data, core_and_case_shapes())


EXPECTED: dict[str, set[Result]] = {
    "tabel-2-outcome-without-dimension": {
        Result("outcome/fixture-wifi-in-parks", SHAPE, "sc:smartCityDimension", V, "MinCount")},
    "tabel-2-outcome-two-dimensions": {
        Result("outcome/fixture-wifi-in-parks", SHAPE, "sc:smartCityDimension", V, "MaxCount")},
    "tabel-2-outcome-qualified": {
        Result("outcome/fixture-lrt-interest", SHAPE, "sc:smartCityDimension", V, "MinCount")},
    "outcomes-outside-the-frame": set(),
}


def test_every_fixture_is_expected() -> None:
    assert sorted(EXPECTED) == sorted(p.stem for p in (FIXTURES / "cases" / "bandung-seoul").glob("*.ttl"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_reports_exactly(name: str) -> None:
    assert set(validate_case_fixture(name).results) == EXPECTED[name]


def test_without_the_case_shapes_no_outcome_needs_a_dimension() -> None:
    """The same Tabel 2 row conforms to the core shapes alone: the frame is the case's."""
    data = Graph().parse(FIXTURES / "cases" / "bandung-seoul" / "tabel-2-outcome-without-dimension.ttl")
    assert validate_graph(data).results == frozenset()


def test_the_case_shape_is_documented() -> None:
    graph = Graph().parse(CASE_SHAPES, format="turtle")
    shapes = set(graph.subjects(RDF.type, SH.PropertyShape))
    assert {str(s).rsplit("/", 1)[-1] for s in shapes} == {SHAPE}
    for shape in shapes:
        assert graph.value(shape, RDFS.label) is not None
        assert graph.value(shape, SH.severity) == SH.Violation
        assert graph.value(shape, SH.message).language == "en"


def test_the_build_loads_the_case_shapes_as_shapes_not_as_case_data() -> None:
    layout = Layout(ROOT)
    assert CASE_SHAPES in layout.shape_files
    assert CASE_SHAPES not in layout.cases["bandung-seoul"]


def _real_case() -> Graph:
    graph = Graph()
    for path in sorted(CASE.glob("*.ttl")):
        if not path.name.endswith(".shapes.ttl"):
            graph.parse(path, format="turtle")
    for path in sorted((ROOT / "data" / "sources").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def test_the_real_case_keeps_its_frame() -> None:
    """The curated case conforms to its own shape; take one Tabel 2 row's dimension away and it
    does not, while the exchanges (outside Tabel 2, no dimension in the article) never did."""
    case = _real_case()
    exchanges = {ID[f"outcome/{slug}"] for slug in (
        "summer-school-student-exchange", "civil-servant-exchange-seoul-tax-department",
        "bandung-students-sundanese-arts-at-seoul-festival")}
    assert all((e, SC.smartCityDimension, None) not in case for e in exchanges)
    assert {r for r in validate_graph(case, core_and_case_shapes()).results if r.shape == SHAPE} == set()
    row = ID["outcome/cikapundung-river-revitalisation"]
    case.remove((row, SC.smartCityDimension, None))
    found = {r for r in validate_graph(case, core_and_case_shapes()).results if r.shape == SHAPE}
    assert found == {Result("outcome/cikapundung-river-revitalisation", SHAPE, "sc:smartCityDimension", V,
                            "MinCount")}
