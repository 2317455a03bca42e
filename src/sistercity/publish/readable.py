"""Answers that read as answers: headings in words, labels linked to their IRIs, the columns that
are the same on every row said once, and a one-line summary computed from the rows.

A question may say how its answer reads with header lines beside ``# title:``::

    # columns:  worldListPartners=Partners in the lists; statedPartners=Partners the source states
    # labels:   source=citedAs
    # summary:  {sum outcomes outcome/outcomes}: {pairs dimensionLabel outcomes}
    # summary-empty: Every curated node names its source.

``columns`` gives a variable its heading (otherwise the variable name in words: ``sourcePolicies``
reads "Source policies"); ``labels`` pairs an IRI variable with the variable that labels it (``?x``
and ``?xLabel`` pair without saying so); ``summary`` is a template of ``{FUNCTION ARGS}`` over the
rows (``rows``, ``count``, ``sum``, ``tally``, ``pairs``, ``list``, ``first``, ``last``, ``max``,
``min``; an
optional ``VAR=VALUE`` filter on ``rows``; an optional ``singular/plural`` noun after a count).
This module knows nothing of stores or files: it turns variables and rows into a table.
"""

from __future__ import annotations

import csv
import io
import re
import shlex
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from sistercity.core.errors import QueryError
from sistercity.core.namespaces import PREFIXES

Term = ox.NamedNode | ox.BlankNode | ox.Literal | None

_HEADER = re.compile(r"^#\s*(columns|labels|summary|summary-empty)\s*:\s*(.*)$", re.IGNORECASE)
_BOOLEAN = PREFIXES["xsd"] + "boolean"


@dataclass(frozen=True)
class Presentation:
    """How a question's answer reads, from its header lines."""

    headings: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    summary: str | None = None
    summary_empty: str | None = None


@dataclass(frozen=True)
class Cell:
    """What a reader sees in one cell, and the IRI it links to, if any."""

    text: str
    iri: str | None = None


@dataclass(frozen=True)
class Readable:
    """An answer as a reader gets it: a table, what every row shares, and a summary."""

    headings: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    constants: tuple[tuple[str, Cell], ...]
    blank: tuple[str, ...]
    summary: str
    csv_header: tuple[str, ...]
    csv_rows: tuple[tuple[str, ...], ...]


def presentation(text: str, *, where: str = "query") -> Presentation:
    """Read the ``columns``, ``labels`` and ``summary`` header lines of a question's text.

    Raises:
        QueryError: a ``columns`` or ``labels`` entry is not ``NAME=VALUE`` (file:line given).
    """
    headings: dict[str, str] = {}
    labels: dict[str, str] = {}
    summary = summary_empty = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.match(line.strip())
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key == "summary":
            summary = value
        elif key == "summary-empty":
            summary_empty = value
        else:
            for entry in filter(None, (e.strip() for e in value.split(";"))):
                name, sep, said = entry.partition("=")
                if not sep or not name.strip() or not said.strip():
                    raise QueryError(f"{where}:{number}: a `# {key}:` entry reads NAME=VALUE (entries "
                                     f"separated by `;`); found {entry!r}")
                (headings if key == "columns" else labels)[name.strip().lstrip("?")] = said.strip().lstrip("?")
    return Presentation(headings, labels, summary, summary_empty)


def in_words(variable: str) -> str:
    """A variable name as a heading: ``sourcePolicies`` → "Source policies", ``countryA`` → "Country A"."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", variable).replace("_", " ").split()
    if not words:
        return variable
    # acronyms (KSP) and a trailing letter (countryA → "Country A") keep their capitals
    text = " ".join(w if w.isupper() and (len(w) > 1 or i > 0) else w.lower() for i, w in enumerate(words))
    return text[0].upper() + text[1:]


def compact(iri: str) -> str:
    """An IRI in the project's prefixes (``id:city/id/bandung``), or as it is."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"


def unlabelled_iris(variables: Sequence[str], rows: Sequence[Sequence[Term]], text: str = "") -> set[str]:
    """The IRIs of the result that no column labels: a caller looks their labels up in the store."""
    pairs = _pairs(variables, presentation(text))
    index = {v: i for i, v in enumerate(variables)}
    return {term.value for row in rows for var, term in zip(variables, row)
            if isinstance(term, ox.NamedNode) and (var not in pairs or row[index[pairs[var]]] is None)}


def readable(variables: Sequence[str], rows: Sequence[Sequence[Term]], *, text: str = "",
             params: Collection[str] = (), labels: Mapping[str, str] | None = None,
             where: str = "query") -> Readable:
    """Turn a SELECT result into a readable table with a summary.

    Args:
        variables: the result's variables, in order.
        rows: the result's rows of RDF terms (None where unbound).
        text: the question's text, for its ``columns``, ``labels`` and ``summary`` lines.
        params: the question's parameters: a column that only repeats one is left out.
        labels: labels of IRIs that no column labels (looked up in the store by the caller).
        where: the question's file name, for error messages.

    Raises:
        QueryError: the summary template or a header line is malformed.
    """
    shown = presentation(text, where=where)
    names = labels or {}
    pairs = _pairs(variables, shown)
    label_vars = set(pairs.values())
    index = {v: i for i, v in enumerate(variables)}

    def cell(row: Sequence[Term], var: str) -> Cell:
        term = row[index[var]]
        if var in pairs:
            label = row[index[pairs[var]]]
            iri = term.value if isinstance(term, ox.NamedNode) else None
            text_ = label.value if label is not None else (names.get(iri, compact(iri)) if iri else _plain(term))
            return Cell(text_, iri)
        if isinstance(term, ox.NamedNode):
            return Cell(names.get(term.value, compact(term.value)), term.value)
        return Cell(_plain(term))

    columns = [v for v in variables if v not in label_vars]  # a label shows in its IRI's column
    table = [[cell(row, var) for var in columns] for row in rows]
    heading = {var: shown.headings.get(var) or in_words(_strip_label(var)) for var in columns}
    keep, constants, blank = [], [], []
    for i, var in enumerate(columns):
        values = {c[i] for c in table}
        if len(table) >= 2 and len(values) == 1:
            (only,) = values
            if var in params:
                continue  # an echo of the question's parameter, shown with the parameters
            if only.text:
                constants.append((heading[var], only))
            else:
                blank.append(heading[var])
            continue
        keep.append(i)
    csv_header, csv_cols = [], []
    for i, var in enumerate(columns):
        if var in params and len(table) >= 2 and len({c[i] for c in table}) == 1:
            continue
        linked = var in pairs or any(c[i].iri for c in table)
        csv_header.append(heading[var])
        csv_cols.append((i, "text"))
        if linked:
            csv_header.append(f"{heading[var]} IRI")
            csv_cols.append((i, "iri"))
    csv_rows = tuple(tuple((c[i].text if part == "text" else (c[i].iri or "")) for i, part in csv_cols)
                     for c in table)
    values_by_var = {var: [c[i].text for c in table] for i, var in enumerate(columns)}
    for var, label in pairs.items():
        values_by_var.setdefault(label, [_plain(r[index[label]]) for r in rows])
    summary = summarise(values_by_var, shown, where=where)
    return Readable(headings=tuple(heading[columns[i]] for i in keep),
                    rows=tuple(tuple(c[i] for i in keep) for c in table),
                    constants=tuple(constants), blank=tuple(blank), summary=summary,
                    csv_header=tuple(csv_header), csv_rows=csv_rows)


def _pairs(variables: Sequence[str], shown: Presentation) -> dict[str, str]:
    """IRI variable → its label variable: ``?x``/``?xLabel``, and the ``labels`` header's pairs."""
    present = set(variables)
    pairs = {v: f"{v}Label" for v in variables if f"{v}Label" in present}
    pairs.update({iri: label for iri, label in shown.labels.items() if iri in present and label in present})
    return pairs


def _strip_label(var: str) -> str:
    return var[: -len("Label")] if var.endswith("Label") and len(var) > len("Label") else var


def _plain(term: Term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and term.datatype.value == _BOOLEAN:
        return "yes" if term.value in ("true", "1") else "no"
    return term.value


# --- the summary line ------------------------------------------------------------------------------

_CALL = re.compile(r"\{([a-z]+)([^{}]*)\}")


def summarise(values: Mapping[str, Sequence[str]], shown: Presentation, *, where: str = "query") -> str:
    """The summary line: the question's template filled from the rows, or "N rows".

    Raises:
        QueryError: an unknown function or variable in the template.
    """
    count = len(next(iter(values.values()), []))
    if count == 0:
        return shown.summary_empty or "No rows: nothing in the graph answers this question."
    if not shown.summary:
        return f"{count} row{'s' if count != 1 else ''}."
    return _CALL.sub(lambda m: _call(m.group(1), shlex.split(m.group(2)), values, where), shown.summary)


def _call(name: str, args: list[str], values: Mapping[str, Sequence[str]], where: str) -> str:
    def column(var: str) -> Sequence[str]:
        if var not in values:
            raise QueryError(f"{where}: summary template: no variable {var!r}; the answer has "
                             f"{', '.join(values)}")
        return values[var]

    noun = next((a for a in args if "/" in a), None)
    args = [a for a in args if a != noun]

    def counted(n: float) -> str:
        number = f"{n:,.0f}" if float(n).is_integer() else f"{n:,.1f}"
        if noun is None:
            return number
        singular, plural = noun.split("/", 1)
        return f"{number} {singular if n == 1 else plural}"

    if name == "rows":
        rows = list(range(len(next(iter(values.values())))))
        for test in args:
            found = re.match(r"^(\w+)(!=|\^=|=)(.*)$", test)
            if found is None:
                raise QueryError(f"{where}: summary template: rows takes VAR=VALUE filters; found {test!r}")
            var, op, wanted = found.groups()
            col = column(var)
            rows = [i for i in rows if {"=": col[i] == wanted, "!=": col[i] != wanted,
                                        "^=": col[i].startswith(wanted)}[op]]
        return counted(len(rows))
    if not args:
        raise QueryError(f"{where}: summary template: {{{name}}} needs a variable")
    col = column(args[0])
    filled = [v for v in col if v]
    if name == "count":
        return counted(len(set(filled)))
    if name in ("sum", "max", "min"):
        numbers = [float(v) for v in filled if re.fullmatch(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?", v)]
        if not numbers:
            return counted(0) if name == "sum" else "none"
        return counted({"sum": sum, "max": max, "min": min}[name](numbers))
    if name == "tally":
        tally = sorted(Counter(filled).items(), key=lambda item: (-item[1], item[0]))
        return ", ".join(f"{value} {n}" for value, n in tally)
    if name == "pairs":
        other = column(args[1]) if len(args) > 1 else None
        if other is None:
            raise QueryError(f"{where}: summary template: {{pairs VAR NUMBER}} needs two variables")
        seen = dict.fromkeys(f"{a} {b}" for a, b in zip(col, other) if a)
        return ", ".join(seen)
    if name == "list":
        distinct = list(dict.fromkeys(filled))
        first = distinct[:8]
        more = f", … ({len(distinct)} in all)" if len(distinct) > len(first) else ""
        return ", ".join(first) + more
    if name == "first":
        return col[0] if col else ""
    if name == "last":
        return col[-1] if col else ""
    raise QueryError(f"{where}: summary template: unknown function {name!r}; known: rows, count, sum, "
                     f"tally, pairs, list, first, last, max, min")


# --- renderings ------------------------------------------------------------------------------------

def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").replace("[", "\\[").replace("]", "\\]")


def render_markdown(answer: Readable) -> str:
    """The summary, what every row shares, and the table, in Markdown (labels link to their IRIs)."""
    lines = [f"**Answer.** {answer.summary}", ""]
    if answer.constants:
        shared = " · ".join(f"{h}: {_md_cell(c)}" for h, c in answer.constants)
        lines += [f"**On every row.** {shared}", ""]
    if answer.blank:
        lines += [f"**Not recorded for any row.** {', '.join(answer.blank)}", ""]
    if answer.rows and answer.headings:
        lines.append("| " + " | ".join(_md(h) for h in answer.headings) + " |")
        lines.append("|" + "|".join("---" for _ in answer.headings) + "|")
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in answer.rows]
    return "\n".join(lines).rstrip() + "\n"


def _md_cell(cell: Cell) -> str:
    if cell.iri:
        return f"[{_md(cell.text)}](<{cell.iri}>)"
    return _md(cell.text)


def render_text(answer: Readable, *, width: int = 48) -> str:
    """The summary, what every row shares, and the table as plain text for a terminal."""
    lines = [answer.summary]
    lines += [f"  {h}: {c.text}" for h, c in answer.constants]
    if answer.blank:
        lines.append(f"  not recorded for any row: {', '.join(answer.blank)}")
    if answer.rows and answer.headings:
        table = [[c.text.replace("\n", " ") for c in row] for row in answer.rows]
        widths = [min(width, max([len(h)] + [len(r[i]) for r in table])) for i, h in enumerate(answer.headings)]

        def cut(text: str, w: int) -> str:
            return text if len(text) <= w else text[: w - 1] + "…"

        lines += ["", "  ".join(cut(h, w).ljust(w) for h, w in zip(answer.headings, widths)).rstrip(),
                  "  ".join("-" * w for w in widths)]
        lines += ["  ".join(cut(c, w).ljust(w) for c, w in zip(row, widths)).rstrip() for row in table]
        lines.append(f"({len(table)} row{'s' if len(table) != 1 else ''})")
    return "\n".join(lines) + "\n"


def render_csv(answer: Readable) -> str:
    """Every column in words, each label followed by its IRI, as CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(answer.csv_header)
    writer.writerows(answer.csv_rows)
    return buffer.getvalue()
