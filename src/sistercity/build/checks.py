"""Quality checks in the build (the ODK convention): every ``queries/checks/*-violation.rq`` must
return no rows on the built graph; a check that returns rows fails the build, with the rows shown."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from sistercity.core.errors import QualityCheckFailed, UsageError

_GUARDS = re.compile(r"^# guards:\s*(.+?)(?=^# \w+:|^[^#])", re.MULTILINE | re.DOTALL)
ROWS_SHOWN = 10


@dataclass(frozen=True)
class Check:
    """One violation query and what it guards (its ``# guards:`` header)."""

    name: str
    guards: str
    path: Path

    @property
    def query(self) -> str:
        """The SPARQL text."""
        return self.path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class CheckResult:
    """The rows one check returned (each a mapping of variable to value), and how long it took."""

    check: Check
    rows: tuple[dict[str, str], ...]
    seconds: float

    @property
    def passed(self) -> bool:
        """Whether the check found nothing."""
        return not self.rows


def list_checks(folder: Path) -> tuple[Check, ...]:
    """The checks in ``folder`` (``*-violation.rq``), each with its ``# guards:`` header.

    Raises:
        UsageError: a check has no ``# guards:`` header.
    """
    found = []
    for path in sorted(folder.glob("*-violation.rq")):
        header = _GUARDS.search(path.read_text(encoding="utf-8"))
        if header is None:
            raise UsageError(f"{path}: no `# guards:` header: start the file with a comment line "
                             "saying what the check guards.")
        guards = " ".join(line.lstrip("# ").strip() for line in header.group(1).splitlines())
        found.append(Check(path.name.removesuffix("-violation.rq"), guards.strip(), path))
    return tuple(found)


def run_checks(store: ox.Store, folder: Path) -> tuple[CheckResult, ...]:
    """Run every check of ``folder`` on ``store`` (its default graph the union of the named graphs)."""
    results = []
    for check in list_checks(folder):
        started = time.perf_counter()
        solutions = store.query(check.query, use_default_graph_as_union=True)
        variables = [v.value for v in solutions.variables]
        rows = tuple({name: _shown(row[name]) for name in variables} for row in solutions)
        results.append(CheckResult(check, rows, time.perf_counter() - started))
    return tuple(results)


def require_passing_checks(store: ox.Store, folder: Path) -> tuple[CheckResult, ...]:
    """Run the checks and raise if any returned rows.

    Raises:
        QualityCheckFailed: each failing check, what it guards and its first rows.
    """
    results = run_checks(store, folder)
    failed = [r for r in results if not r.passed]
    if failed:
        parts = []
        for result in failed:
            lines = [f"  {result.check.path.name}: {len(result.rows)} row(s); it guards: "
                     f"{result.check.guards}"]
            lines += ["    " + "  ".join(f"{k}={v}" for k, v in row.items())
                      for row in result.rows[:ROWS_SHOWN]]
            if len(result.rows) > ROWS_SHOWN:
                lines.append(f"    … and {len(result.rows) - ROWS_SHOWN} more")
            parts.append("\n".join(lines))
        raise QualityCheckFailed(
            f"{len(failed)} quality check(s) of {folder} found violations in the built graph:\n"
            + "\n".join(parts)
            + "\n  Fix the data (each row names the node), then build again; dist/ is unchanged.",
            tuple(failed))
    return results


def _shown(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    return term.value if isinstance(term, ox.Literal) else str(term)
