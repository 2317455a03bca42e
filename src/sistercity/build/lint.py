"""The ontology lint: OOPS!-style pitfall checks (queries/lint/P*.rq) over every loaded module file.

Each module file becomes a named graph of its own (named by the file's URI) in an Oxigraph store
whose default graph is the union, so a query sees the whole ontology and can still say which
file declares the term it reports. Findings listed in ``queries/lint/accepted.csv`` (pitfall,
term, reason) are accepted, with their reason, in that one place; any other finding fails the build.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from sistercity.build.store import quads
from sistercity.core.errors import QualityCheckFailed, UsageError
from sistercity.core.io import parse_rdf

ACCEPTED = "accepted.csv"
_HEADER = re.compile(r"^# pitfall:\s*(P\d+)\s+(.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Pitfall:
    """One lint query: its OOPS! code and name, and the file it lives in."""

    code: str
    name: str
    path: Path

    @property
    def query(self) -> str:
        """The SPARQL text."""
        return self.path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Finding:
    """One pitfall found: which, the term, the module file that declares it, what is wrong."""

    pitfall: str
    name: str
    term: str
    file: Path
    detail: str

    def line(self, root: Path | None = None) -> str:
        """The finding as one readable line."""
        where = _shown(self.file, root)
        return f"{self.pitfall} {self.name}: <{self.term}> in {where}: {self.detail}"


@dataclass(frozen=True)
class LintResult:
    """What the lint found, split into accepted findings (with their reasons) and the rest."""

    findings: tuple[Finding, ...]
    accepted: tuple[tuple[Finding, str], ...]
    pitfalls: tuple[Pitfall, ...]


def list_pitfalls(folder: Path) -> tuple[Pitfall, ...]:
    """The lint queries in ``folder`` (``P<nn>-<slug>.rq``), each with its ``# pitfall:`` header.

    Raises:
        UsageError: a query has no ``# pitfall: Pnn name`` header line.
    """
    found = []
    for path in sorted(folder.glob("P*.rq")):
        header = _HEADER.search(path.read_text(encoding="utf-8"))
        if header is None:
            raise UsageError(f"{path}: no `# pitfall: Pnn name` header line: add one naming the "
                             "OOPS! pitfall the query checks.")
        found.append(Pitfall(header.group(1), header.group(2).strip(), path))
    return tuple(found)


def lint_store(files: Iterable[Path]) -> ox.Store:
    """An Oxigraph store with each module file in a named graph of its own (the file's URI)."""
    from rdflib import URIRef

    graphs = {URIRef(path.resolve().as_uri()): parse_rdf(path) for path in files}
    store = ox.Store()
    store.extend(quads(graphs))
    return store


def lint(files: Sequence[Path], *, queries: Path) -> LintResult:
    """Run every pitfall query of ``queries`` over the module ``files``.

    Raises:
        RdfSyntaxError: a module file does not parse.
        UsageError: a lint query has no header, or accepted.csv is malformed.
    """
    pitfalls = list_pitfalls(queries)
    store = lint_store(files)
    accepted = read_accepted(queries / ACCEPTED)
    findings: list[Finding] = []
    waived: list[tuple[Finding, str]] = []
    for pitfall in pitfalls:
        for row in store.query(pitfall.query, use_default_graph_as_union=True):
            term, module, detail = (row["term"], row["module"], row["detail"])
            finding = Finding(pitfall.code, pitfall.name, term.value, _path(module.value),
                              detail.value if detail is not None else "")
            reason = accepted.get((pitfall.code, finding.term))
            if reason is None:
                findings.append(finding)
            else:
                waived.append((finding, reason))
    return LintResult(tuple(findings), tuple(waived), pitfalls)


def require_clean_ontology(files: Sequence[Path], *, queries: Path, root: Path | None = None) -> LintResult:
    """Lint the module ``files`` and raise if any finding is not accepted.

    Raises:
        QualityCheckFailed: the findings, one per line, each with the term, file and pitfall.
    """
    result = lint(files, queries=queries)
    if result.findings:
        shown = "\n".join("  " + f.line(root) for f in result.findings[:100])
        more = len(result.findings) - 100
        raise QualityCheckFailed(
            f"the ontology lint found {len(result.findings)} pitfall(s) in the loaded modules "
            f"(queries/lint/, after the OOPS! catalogue):\n{shown}"
            + (f"\n  … and {more} more" if more > 0 else "")
            + "\n  Fix the module file (a label, a definition, a domain, a declaration), or, if the "
              f"finding is intended, add `pitfall,term,reason` to {queries / ACCEPTED}.",
            tuple(result.findings))
    return result


def read_accepted(path: Path) -> dict[tuple[str, str], str]:
    """The accepted findings: (pitfall, term IRI) -> the reason it is accepted.

    Raises:
        UsageError: a row lacks its pitfall, term or reason.
    """
    if not path.exists():
        return {}
    accepted = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(line for line in handle
                                                    if not line.startswith("#")), start=2):
            pitfall, term, reason = (row.get(k, "").strip() for k in ("pitfall", "term", "reason"))
            if not (pitfall and term and reason):
                raise UsageError(f"{path}: row {number}: every accepted finding needs a pitfall, a "
                                 "term and the reason it is accepted.")
            accepted[(pitfall, term)] = reason
    return accepted


def _path(uri: str) -> Path:
    from urllib.parse import unquote, urlparse

    return Path(unquote(urlparse(uri).path))


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(path.relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)
