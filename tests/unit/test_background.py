"""background: a forked child and the sequential mode (`--jobs 1`, no fork) give the same answers
and the same errors; a build with one job writes the same graphs as a build with two."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from sistercity.build import background
from sistercity.build.background import Background, Inline, can_fork, start
from sistercity.core.errors import InconsistentOntology, SisterCityError

from tests.rdf_canon import canonical_graph

ROOT = Path(__file__).resolve().parents[2]
MODES = {"forked": True, "sequential": False}


def _double(x: int) -> int:
    return 2 * x


def _refuse(message: str) -> None:
    raise InconsistentOntology(message)


def _fail() -> None:
    raise ValueError("not a project error")


def _pid() -> int:
    return os.getpid()


def test_start_forks_unless_told_not_to() -> None:
    assert isinstance(start("double", _double, 1, parallel=False), Inline)
    assert isinstance(start("double", _double, 1), Background if can_fork() else Inline)


@pytest.mark.parametrize("parallel", MODES.values(), ids=MODES.keys())
def test_both_modes_return_the_value_and_what_it_cost(parallel: bool) -> None:
    work = start("double", _double, 21, parallel=parallel)
    assert work.result() == 42
    assert work.stats is not None and work.stats.peak_mib > 0 and work.stats.cpu_seconds >= 0
    ran_in = start("pid", _pid, parallel=parallel).result()
    assert (ran_in != os.getpid()) is (parallel and can_fork())


@pytest.mark.parametrize("parallel", MODES.values(), ids=MODES.keys())
def test_both_modes_raise_the_projects_error_as_it_is(parallel: bool) -> None:
    with pytest.raises(InconsistentOntology, match="^two countries$"):
        start("refuse", _refuse, "two countries", parallel=parallel).result()


@pytest.mark.parametrize("parallel", MODES.values(), ids=MODES.keys())
def test_both_modes_report_any_other_failure_with_the_name_and_traceback(parallel: bool) -> None:
    with pytest.raises(SisterCityError) as caught:
        start("fail", _fail, parallel=parallel).result()
    message = str(caught.value)
    assert message.startswith("fail failed: ValueError: not a project error\nTraceback")
    assert "in _fail" in message  # the traceback names the function that failed


def test_the_sequential_mode_runs_the_work_when_asked_and_only_once() -> None:
    calls: list[int] = []
    work = start("note", calls.append, 7, parallel=False)
    assert calls == []  # nothing runs before the result is wanted, as a build would order it
    assert work.result() is None and calls == [7]
    with pytest.raises(SisterCityError, match="already taken"):
        work.result()
    cancelled = start("note", calls.append, 8, parallel=False)
    cancelled.cancel()
    assert calls == [7]
    with pytest.raises(SisterCityError, match="cancelled"):
        cancelled.result()


def _graphs(nquads: Path) -> dict[str, Graph]:
    """The named graphs of an N-Quads file."""
    dataset = Dataset()
    dataset.parse(nquads, format="nquads")
    return {str(g.identifier): g for g in dataset.graphs() if len(g)}


def _ground_and_blank(graph: Graph) -> tuple[set, Graph]:
    """A graph's triples without blank nodes (comparable as a set) and those with (compared up
    to the blank nodes' names, which differ from one build to the next)."""
    ground, blank = set(), Graph()
    for triple in graph:
        if any(term.__class__.__name__ == "BNode" for term in triple):
            blank.add(triple)
        else:
            ground.add(triple)
    return ground, blank


def test_a_build_with_one_job_writes_the_same_graphs_as_with_two(
        case_dist: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sistercity.build.pipeline import build

    class NoFork(Background):  # jobs=1 must never start a child process
        def __init__(self, *args, **kwargs) -> None:
            raise AssertionError("a child process was started with jobs=1")

    monkeypatch.setattr(background, "Background", NoFork)
    sequential = tmp_path / "dist"
    build(ROOT, out=sequential, with_world=False, jobs=1)

    one, two = (json.loads((d / "manifest.json").read_text()) for d in (sequential, case_dist))
    assert (one["options"]["jobs"], two["options"]["jobs"]) == (1, 2)
    assert one["graphs"] == two["graphs"]
    assert one["inputs"] == two["inputs"] and one["files"] == two["files"]
    graphs_one, graphs_two = _graphs(sequential / "sistercity.nq"), _graphs(case_dist / "sistercity.nq")
    assert set(graphs_one) == set(graphs_two) == set(one["graphs"])
    blank_counts: dict[str, int] = defaultdict(int)
    for name in graphs_one:
        (ground_one, blank_one), (ground_two, blank_two) = (
            _ground_and_blank(graphs_one[name]), _ground_and_blank(graphs_two[name]))
        assert ground_one == ground_two, name
        assert canonical_graph(blank_one) == canonical_graph(blank_two), name
        blank_counts[name] = len(blank_one)
        assert len(graphs_one[name]) == one["graphs"][name]
    assert blank_counts["https://w3id.org/sistercity/graph/shapes"] > 0  # the hard part was compared
    assert len(graphs_one["https://w3id.org/sistercity/graph/inferred"]) > 100
