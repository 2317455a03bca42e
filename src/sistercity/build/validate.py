"""Build step 2: validate instance data against the SHACL shapes with pySHACL."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result
from rdflib.term import Node

from sistercity.build.locate import Origins
from sistercity.core.namespaces import PREFIXES

Located = Origins | Mapping[Node, Path]


class PreparedQueryGraph(Graph):
    """A graph that parses each SPARQL text once and reuses the parsed query.

    pySHACL sends a SPARQL constraint the same text for every focus node, with `$this` given as
    a binding, and rdflib parses a text on every call (~17 ms a time, most of the curated
    validation). A prepared query takes new bindings, as rdflib's `prepareQuery` documents.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._prepared: dict[tuple[str, tuple[tuple[str, str], ...]], Any] = {}

    def query(self, query_object: Any, processor: Any = "sparql", result: Any = "sparql",  # type: ignore[override]
              initNs: Mapping[str, Any] | None = None, initBindings: Any = None,  # noqa: N803
              use_store_provided: bool = True, **kwargs: Any) -> Result:
        """Run ``query_object``, parsing a text only the first time it is seen."""
        if isinstance(query_object, str) and processor == "sparql" and not initNs and not kwargs:
            namespaces = {prefix: str(iri) for prefix, iri in self.namespaces()}
            key = (query_object, tuple(sorted(namespaces.items())))
            if key not in self._prepared:
                self._prepared[key] = prepareQuery(query_object, initNs=namespaces)
            query_object = self._prepared[key]
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided,
                             **kwargs)


class Severity(str, Enum):
    """SHACL severities, most serious first."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"


@dataclass(frozen=True)
class Finding:
    """One SHACL validation result, with what a reader needs to find and fix it."""

    severity: Severity
    focus: str
    focus_label: str | None
    path: str | None
    value: str | None
    message: str
    shape: str | None
    file: str | None
    line: int | None = None

    @property
    def where(self) -> str | None:
        """``file:line`` (or the file alone when the line is not known)."""
        if not self.file:
            return None
        return f"{self.file}:{self.line}" if self.line else self.file

    def describe(self) -> str:
        """A readable multi-line description of the finding."""
        who = f"{self.focus_label} <{self.focus}>" if self.focus_label else f"<{self.focus}>"
        lines = [f"[{self.severity.value}] {who}"]
        if self.file:
            lines.append(f"    file:    {self.where}")
        if self.path:
            lines.append(f"    path:    {self.path}")
        if self.value is not None:
            lines.append(f"    value:   {self.value}")
        lines.append(f"    message: {self.message}")
        if self.shape:
            lines.append(f"    shape:   {self.shape}")
        return "\n".join(lines)


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of validating a data graph: every finding, most serious first."""

    findings: tuple[Finding, ...]
    triples_validated: int

    @property
    def violations(self) -> tuple[Finding, ...]:
        """Findings that make the data wrong."""
        return tuple(f for f in self.findings if f.severity is Severity.VIOLATION)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Findings that make the data incomplete."""
        return tuple(f for f in self.findings if f.severity is not Severity.VIOLATION)

    def conforms(self, *, warnings_ok: bool = True) -> bool:
        """True when there are no violations (and, unless ``warnings_ok``, no warnings)."""
        return not self.violations and (warnings_ok or not self.warnings)

    def summary(self) -> str:
        """One line: counts by severity."""
        return (f"{len(self.violations)} violation(s), {len(self.warnings)} warning(s) "
                f"in {self.triples_validated} triples")

    def report(self, *, limit: int | None = None) -> str:
        """The readable report: a summary line, then each finding (up to ``limit``)."""
        shown = self.findings if limit is None else self.findings[:limit]
        parts = [self.summary()] + [f.describe() for f in shown]
        if limit is not None and len(self.findings) > limit:
            parts.append(f"… and {len(self.findings) - limit} more")
        return "\n".join(parts)

    def counts_by_shape(self) -> Counter[tuple[str, str]]:
        """How many findings each (severity, message) pair has, for summaries."""
        return Counter((f.severity.value, f.message) for f in self.findings)


def validate_borrowed(data: Graph, *, shapes: Graph, ontology: Graph,
                      origins: Located | None = None) -> ValidationResult:
    """Like :func:`validate`, without copying ``data``: the ontology's triples are added to
    ``data`` for the validation and taken out again afterwards, even on error.

    For large graphs the caller has just built (the world import), where a copy costs seconds.
    """
    import pyshacl

    added = [t for t in ontology if t not in data]
    data.addN((s, p, o, data) for s, p, o in added)
    view = PreparedQueryGraph(store=data.store, identifier=data.identifier,
                              namespace_manager=data.namespace_manager)  # the same triples, no copy
    try:
        _conforms, report_graph, _text = pyshacl.validate(
            view, shacl_graph=shapes, inference="none", advanced=True, inplace=True,
            allow_warnings=True, abort_on_first=False)
        return _result(report_graph, data, origins, len(data) - len(added))
    finally:
        for triple in added:
            data.remove(triple)


def validate(data: Graph, *, shapes: Graph, ontology: Graph, origins: Located | None = None,
             only: set[Node] | None = None) -> ValidationResult:
    """Validate ``data`` against ``shapes``, with the class hierarchy and concepts of ``ontology``.

    The three graphs are merged into a new graph that pySHACL may expand in place, so none of
    the caller's graphs is modified.

    Args:
        data: instance data.
        shapes: SHACL shapes.
        ontology: ontology and concept schemes (for rdfs:subClassOf and skos:inScheme).
        origins: the file each triple (or, from a plain mapping, each subject) came from, for
            the report's file:line.
        only: report only findings on these focus nodes (the nodes of the files a user
            validates; the rest of the graph is there for what they refer to).
    """
    import pyshacl

    merged = PreparedQueryGraph()
    for graph in (data, ontology):
        merged.addN((s, p, o, merged) for s, p, o in graph)
    for prefix, namespace in PREFIXES.items():  # sc:… rather than <…> in the findings
        merged.bind(prefix, namespace, override=True, replace=True)
    focus = {"focus_nodes": sorted(n for n in only if isinstance(n, URIRef))} if only else {}
    _conforms, report_graph, _text = pyshacl.validate(
        merged, shacl_graph=shapes, inference="none", advanced=True, inplace=True,
        allow_warnings=True, abort_on_first=False, **focus)
    return _result(report_graph, merged, origins, len(data), only)


def merge_results(*results: ValidationResult) -> ValidationResult:
    """One result holding the findings of several validations, most serious first."""
    findings = sorted((f for r in results for f in r.findings), key=_order)
    return ValidationResult(findings=tuple(findings),
                            triples_validated=sum(r.triples_validated for r in results))


def _order(finding: Finding) -> tuple[int, str, str, str]:
    return (list(Severity).index(finding.severity), finding.file or "", finding.focus, finding.path or "")


def _result(report_graph: Graph, data: Graph, origins: Located | None, size: int,
            only: set[Node] | None = None) -> ValidationResult:
    located = origins if isinstance(origins, Origins) else Origins.from_subjects(origins or {})
    results = [r for r in report_graph.subjects(RDF.type, SH.ValidationResult)
               if only is None or report_graph.value(r, SH.focusNode) in only]
    findings = sorted((_finding(report_graph, result, data, located) for result in results), key=_order)
    return ValidationResult(findings=tuple(findings), triples_validated=size)


def _finding(report: Graph, result: Node, data: Graph, origins: Origins) -> Finding:
    focus = report.value(result, SH.focusNode)
    path = report.value(result, SH.resultPath)
    value = report.value(result, SH.value)
    severity_iri = report.value(result, SH.resultSeverity)
    severity = {SH.Violation: Severity.VIOLATION, SH.Warning: Severity.WARNING}.get(
        severity_iri, Severity.INFO)
    messages = [str(m) for m in report.objects(result, SH.resultMessage)]
    label = data.value(focus, RDFS.label) if focus is not None else None
    origin, line = origins.where(focus, path if isinstance(path, URIRef) else None, value) \
        if focus is not None else (None, None)
    return Finding(
        severity=severity,
        focus=str(focus),
        focus_label=str(label) if label is not None else None,
        path=_short(data, path) if path is not None else None,
        value=_short(data, value) if value is not None else None,
        message="; ".join(messages) or "constraint not met",
        shape=str(report.value(result, SH.sourceShape)) if report.value(result, SH.sourceShape) else None,
        file=str(origin) if origin else None,
        line=line,
    )


def _short(graph: Graph, node: Node) -> str:
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:  # normalizeUri rejects some IRIs; the full form is fine then
            return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3(graph.namespace_manager)
    return str(node)
