"""Research questions: read a ``.rq`` file with its header, bind parameters, run, format.

A question file starts with comment lines the CLI reads::

    # title:    Outcomes by smart-city dimension
    # question: Which programmes came out of the Bandung–Seoul cooperation, by Smart LBEG dimension?
    # source:   seed article, Tabel 2
    # param:    city iri <https://w3id.org/sistercity/id/city/id/bandung>
    # needs:    world

Each ``param`` line declares a variable (``?city``), its type (iri, string, integer, decimal,
date, year, boolean) and an optional default. A default also stands in the query itself, as a
one-variable block ``VALUES ?city { <https://w3id.org/sistercity/id/city/id/bandung> }``, so that
the file runs unchanged on any SPARQL endpoint with the same answer; `load_question` checks that
the header and the block agree. A value the caller gives replaces that block: it is parsed into a
typed RDF term and bound through Oxigraph's substitutions (SPARQL SEP-0007), never pasted into the
query text; a parameter must therefore be one of the variables the query selects. ``needs: world``
says that the question reads the world twinning lists (a build without them cannot answer it).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

import pyoxigraph as ox

from sistercity.core.errors import QueryError, UsageError
from sistercity.core.namespaces import PREFIXES, SC
from sistercity.publish.sparqltext import ValuesBlock, undeclared_prefixes, values_blocks, without


XSD = PREFIXES["xsd"]


class ParamType(str, Enum):
    """The types a question parameter may declare."""

    IRI = "iri"
    STRING = "string"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    YEAR = "year"
    BOOLEAN = "boolean"


class OutputFormat(str, Enum):
    """How query results are printed."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    MARKDOWN = "markdown"


@dataclass(frozen=True)
class Param:
    """A declared query parameter."""

    name: str
    type: ParamType
    default: str | None


@dataclass(frozen=True)
class Question:
    """A research question: a SPARQL file and its header."""

    path: Path
    number: str
    slug: str
    title: str
    question: str
    source: str
    params: tuple[Param, ...]
    text: str
    needs: tuple[str, ...] = ()

    @property
    def needs_world(self) -> bool:
        """Whether the question reads the world twinning lists (``# needs: world``)."""
        return "world" in self.needs


@dataclass(frozen=True)
class QueryResult:
    """The answer to a query: column names and rows for SELECT, a boolean for ASK, triples for
    CONSTRUCT/DESCRIBE (as rows of subject, predicate, object)."""

    kind: str
    variables: tuple[str, ...]
    rows: tuple[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...], ...]
    boolean: bool | None = None


_HEADER = re.compile(r"^#\s*(title|question|source|param|params|needs)\s*:\s*(.*)$", re.IGNORECASE)
# What a question may declare it needs beyond the curated data.
NEEDS = ("world",)
_FILE = re.compile(r"^(\d+)-(.+)\.rq$")


def load_question(path: Path) -> Question:
    """Read a ``.rq`` file and its header.

    Raises:
        QueryError: the file is missing, a ``param`` or ``needs`` line is malformed, or a default
            in the header and the VALUES block in the query disagree (file:line in the message).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QueryError(f"{path}: cannot read the query file ({exc.strerror})") from None
    fields: dict[str, str] = {}
    params: list[Param] = []
    needs: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.match(line.strip())
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key.startswith("param"):
            params.append(_parse_param(value, path, number))
        elif key == "needs":
            needs += _parse_needs(value, path, number)
        else:
            fields[key] = value
    name = _FILE.match(path.name)
    question = Question(path=path, number=name.group(1) if name else "",
                        slug=name.group(2) if name else path.stem,
                        title=fields.get("title", path.stem), question=fields.get("question", ""),
                        source=fields.get("source", ""), params=tuple(params), text=text,
                        needs=tuple(needs))
    for param in question.params:
        _check_default(question, param)
    return question


def _parse_needs(value: str, path: Path, line: int) -> list[str]:
    found = [item.strip().lower() for item in re.split(r"[,\s]+", value) if item.strip()]
    unknown = [item for item in found if item not in NEEDS]
    if unknown or not found:
        raise QueryError(f"{path}:{line}: a needs line reads `# needs: world`; found {value!r}")
    return found


def default_block(question: Question, param: Param) -> ValuesBlock | None:
    """The ``VALUES ?name { … }`` block that carries ``param``'s default in the query, if any."""
    blocks = [b for b in values_blocks(question.text) if b.name == param.name]
    if len(blocks) > 1:
        where = ", ".join(f"line {b.position.line}" for b in blocks)
        raise QueryError(f"{question.path}: parameter {param.name!r} has {len(blocks)} VALUES blocks "
                         f"({where}); keep one, which the CLI replaces when a value is given")
    return blocks[0] if blocks else None


def _check_default(question: Question, param: Param) -> None:
    """The header's default and the query's VALUES block must say the same, or both be absent."""
    block = default_block(question, param)
    path = question.path
    if param.default is None:
        if block is not None:
            raise QueryError(f"{path}:{block.position.line}: parameter {param.name!r} has a VALUES block "
                             f"but no default in its `# param:` line; add the default there")
        return
    if block is None:
        raise QueryError(f"{path}: parameter {param.name!r} has the default {param.default} in its "
                         f"`# param:` line but no `VALUES ?{param.name} {{ … }}` block in the query: add "
                         f"one where the variable is first used, so that the question runs unchanged on "
                         f"any SPARQL endpoint")
    try:
        header = to_term(param.default, param)
    except UsageError as exc:
        raise QueryError(f"{path}: the default of {exc}") from None
    written = _values_term(question.text, block)
    if written != header:
        raise QueryError(f"{path}:{block.position.line}: parameter {param.name!r} defaults to {header} in "
                         f"its `# param:` line but to {block.content} in its VALUES block; make them the same")


def _values_term(text: str, block: ValuesBlock) -> ox.NamedNode | ox.Literal | None:
    """The one term a VALUES block holds, read by Oxigraph with the query's own prefixes."""
    prologue = "\n".join(re.findall(r"^\s*PREFIX\s+[^\n]*$", text, re.IGNORECASE | re.MULTILINE))
    try:
        answer = list(ox.Store().query(f"{prologue}\nSELECT ?v WHERE {{ VALUES ?v {{ {block.content} }} }}"))
    except SyntaxError:
        return None
    return answer[0]["v"] if len(answer) == 1 else None


def _parse_param(value: str, path: Path, line: int) -> Param:
    parts = value.split(None, 2)
    if len(parts) < 2 or parts[1].lower() not in {t.value for t in ParamType}:
        kinds = ", ".join(t.value for t in ParamType)
        raise QueryError(f"{path}:{line}: a param line reads `# param: NAME TYPE [DEFAULT]` with TYPE "
                         f"one of {kinds}; found {value!r}")
    default = parts[2].strip() if len(parts) > 2 else None
    return Param(name=parts[0].lstrip("?$"), type=ParamType(parts[1].lower()), default=default)


def list_questions(folder: Path, studies: Mapping[str, Path] | None = None) -> list[Question]:
    """Every question in ``folder``, in file-name order, then each study's (``studies``: slug →
    its queries/ folder), numbered ``SLUG:NN`` so that they never clash with the core's."""
    questions = [load_question(p) for p in sorted(folder.glob("*.rq"))]
    for slug, queries in sorted((studies or {}).items()):
        for path in sorted(queries.glob("*.rq")) if queries.is_dir() else []:
            question = load_question(path)
            questions.append(replace(question, number=f"{slug}:{question.number or question.slug}",
                                     slug=f"{slug}:{question.slug}"))
    return questions


def find_question(ref: str, folder: Path, studies: Mapping[str, Path] | None = None) -> Question:
    """A question by number (``5``, ``05``; a study's ``SLUG:1``, ``SLUG:01``), by file stem
    (``SLUG:stem`` for a study's), or by path to any ``.rq`` file.

    Raises:
        UsageError: no such question; the message lists the known ones.
    """
    candidate = Path(ref)
    if candidate.suffix == ".rq":
        if not candidate.exists():
            raise UsageError(f"{candidate}: no such query file")
        return load_question(candidate)
    questions = list_questions(folder, studies)
    space, _, local = ref.rpartition(":")
    for question in questions:
        q_space, _, q_local = question.number.rpartition(":")
        if local.isdigit() and q_space == space and q_local.isdigit() and int(q_local) == int(local):
            return question
        if ref in (question.slug, question.path.stem) and (":" in ref) == (":" in question.slug):
            return question
    known = "\n".join(f"  {q.number}  {q.title}" for q in questions)
    raise UsageError(f"no question {ref!r}. Known questions:\n{known}")


def bind(question: Question, values: Mapping[str, str], *,
         store: ox.Store | None = None) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
    """Turn the values the caller gives into typed RDF terms (defaults stay in the query's VALUES).

    Args:
        store: the graph the question will run on; with it, a plain name given where an IRI is
            expected is answered with the IRIs labelled so.

    Raises:
        UsageError: an undeclared parameter, a missing value without default, or an ill-typed value.
    """
    check_params(question, values)
    return {ox.Variable(p.name): to_term(values[p.name], p, store=store)
            for p in question.params if p.name in values}


def check_params(question: Question, values: Mapping[str, str]) -> None:
    """Raise the usage errors that need no graph: unknown or missing parameters, ill-typed values
    (an IRI is checked by `bind`, which can then name the IRIs a plain name stands for).

    Raises:
        UsageError: as `bind`.
    """
    unknown = sorted(set(values) - {p.name for p in question.params})
    if unknown:
        names = ", ".join(f"{p.name} ({p.type.value})" for p in question.params) or "none"
        raise UsageError(f"{question.path.name}: unknown parameter(s) {', '.join(unknown)}; "
                         f"this question declares: {names}")
    for param in question.params:
        if param.name not in values:
            if param.default is None:
                raise UsageError(f"{question.path.name}: parameter {param.name!r} ({param.type.value}) "
                                 f"needs a value: --param {param.name}=…")
        elif param.type is not ParamType.IRI:
            to_term(values[param.name], param)


def query_text(question: Question, values: Mapping[str, str] | None = None) -> str:
    """The query that runs: the file as written, less the VALUES block of each parameter the caller
    gives (bound instead); lines and columns stay where they were in the file."""
    text = question.text
    for param in question.params:
        if param.name in (values or {}):
            block = default_block(question, param)
            if block is not None:
                text = without(text, block)
    return text


def to_term(raw: str, param: Param, *, store: ox.Store | None = None) -> ox.NamedNode | ox.Literal:
    """Convert one textual value to the RDF term its parameter type asks for.

    Raises:
        UsageError: the value is not of the parameter's type (with the IRIs labelled so, for a
            name given where an IRI is expected and a ``store`` to look in).
    """
    value = raw.strip()
    try:
        if param.type is ParamType.IRI:
            return ox.NamedNode(_expand_iri(value))
        if param.type is ParamType.STRING:
            return ox.Literal(value.strip('"'))
        checks = {
            ParamType.INTEGER: (r"[+-]?\d+", "integer", "an integer such as 10"),
            ParamType.DECIMAL: (r"[+-]?(\d+(\.\d*)?|\.\d+)", "decimal", "a decimal such as 2.5"),
            ParamType.DATE: (r"\d{4}-\d{2}-\d{2}", "date", "a date such as 2017-10-16"),
            ParamType.YEAR: (r"\d{4}", "gYear", "a year such as 2017"),
            ParamType.BOOLEAN: (r"true|false", "boolean", "true or false"),
        }
        pattern, datatype, example = checks[param.type]
        if not re.fullmatch(pattern, value):
            raise ValueError(example)
        return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))
    except ValueError as exc:
        hint = _labelled(store, value, param) if param.type is ParamType.IRI and store is not None else ""
        raise UsageError(f"parameter {param.name!r} expects {param.type.value} ({exc}); got {raw!r}{hint}") from None


def _labelled(store: ox.Store, name: str, param: Param) -> str:
    """The nodes of ``store`` labelled ``name`` (any case; else whose label contains it), places
    first, as a hint that names the IRIs to give instead."""
    if not name or re.search(r"[<>:/]", name):
        return ""
    found: list[tuple[str, str]] = []
    tests = (("LCASE(STR(?label)) = LCASE(STR(?name))", f"nodes labelled {name!r} in the build"),
             ("CONTAINS(LCASE(STR(?label)), LCASE(STR(?name)))",
              f"no node is labelled {name!r}; nodes whose label contains it"))
    for test, heading in tests:
        # ?name is selected so that the name is bound as a literal (SEP-0007), never pasted
        query = (f"SELECT ?node ?name (SAMPLE(STR(?label)) AS ?shown) (MAX(?isPlace) AS ?place) WHERE {{ "
                 f"?node <{PREFIXES['rdfs']}label> ?label . FILTER(isIRI(?node) && {test}) "
                 f"BIND(EXISTS {{ ?node a <{SC.Place}> }} AS ?isPlace) }} "
                 f"GROUP BY ?node ?name ORDER BY DESC(?place) STRLEN(?shown) ?node LIMIT 11")
        found = [(s["node"].value, s["shown"].value)
                 for s in store.query(query, use_default_graph_as_union=True,
                                      substitutions={ox.Variable("name"): ox.Literal(name.strip('"'))})]
        if found:
            break
    if not found:
        return f"\n  no node of the build is labelled {name!r}; give the node's IRI"
    shown = [f"    {_short(iri)}  ({label})" for iri, label in found[:10]]
    more = ["    …"] if len(found) > 10 else []
    return (f"\n  {heading}:\n" + "\n".join(shown + more) +
            f"\n  e.g. --param {param.name}={_short(found[0][0])}")


def _short(iri: str) -> str:
    """An IRI with the project's ``id:`` prefix where it has one."""
    return "id:" + iri[len(PREFIXES["id"]):] if iri.startswith(PREFIXES["id"]) else f"<{iri}>"


def _expand_iri(value: str) -> str:
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    if re.match(r"^[a-z][a-z0-9+.-]*://", value):
        return value
    raise ValueError("an IRI such as <https://w3id.org/sistercity/id/city/id/bandung> or id:city/id/bandung")


def run(store: ox.Store, question: Question, *, params: Mapping[str, str] | None = None) -> QueryResult:
    """Run ``question`` on ``store`` (union of all named graphs as the default graph).

    Raises:
        QueryError: a SPARQL syntax error (file, line and column; an undeclared prefix by name).
        UsageError: a parameter problem (unknown, missing, ill-typed).
    """
    substitutions = bind(question, params or {}, store=store)
    text = query_text(question, params)
    try:
        answer = store.query(text, use_default_graph_as_union=True, substitutions=substitutions or None)
    except SyntaxError as exc:
        raise QueryError(_syntax_message(question.path, text, exc)) from None
    except RuntimeError as exc:
        if "projection" in str(exc):
            raise QueryError(f"{question.path}: {exc}. A declared parameter must be a variable the "
                             f"query selects (SPARQL SEP-0007 substitution).") from None
        raise QueryError(f"{question.path}: {exc}") from None
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(kind="ask", variables=(), rows=(), boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = tuple(v.value for v in answer.variables)
        rows = tuple(tuple(solution[v] for v in variables) for solution in answer)
        return QueryResult(kind="select", variables=variables, rows=rows)
    rows = tuple((t.subject, t.predicate, t.object) for t in answer)
    return QueryResult(kind="construct", variables=("subject", "predicate", "object"), rows=rows)


def _syntax_message(path: Path, text: str, exc: SyntaxError) -> str:
    message = str(exc.args[0]) if exc.args else str(exc)
    # Oxigraph's message for an unknown prefix lists the characters it expected instead; the names
    # the lexer finds are the cause if the query parses once they are declared
    missing = undeclared_prefixes(text)
    if missing and _parses(text, {prefix: "urn:x-undeclared:" for prefix, _ in missing}):
        lines = text.splitlines()
        parts = []
        for prefix, at in missing:
            known = PREFIXES.get(prefix)
            declare = f"PREFIX {prefix}: <{known}>" if known else f"PREFIX {prefix}: <…>"
            parts.append(f"{path}:{at.line}:{at.column}: prefix {prefix!r} is not declared "
                         f"(line {at.line}, column {at.column}); add {declare} at the top of the query"
                         f"\n    {lines[at.line - 1]}\n    {' ' * (at.column - 1)}^")
        return "\n".join(parts)
    match = re.search(r"(\d+):(\d+)", message)
    where = f"{path}:{match.group(1)}:{match.group(2)}" if match else str(path)
    line = ""
    if match:
        lines = text.splitlines()
        number = int(match.group(1))
        if 0 < number <= len(lines):
            line = f"\n    {lines[number - 1]}\n    {' ' * (int(match.group(2)) - 1)}^"
    return f"{where}: SPARQL syntax error: {message}{line}"


def _parses(text: str, prefixes: dict[str, str]) -> bool:
    """Whether ``text`` parses as SPARQL with these prefixes declared (run on an empty store)."""
    try:
        ox.Store().query(text, prefixes=prefixes)
    except SyntaxError:
        return False
    except (RuntimeError, ValueError):
        return True
    return True


def plain(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    """A term as plain text: IRIs as written, literals by their lexical form."""
    if term is None:
        return ""
    return term.value


def format_result(result: QueryResult, fmt: OutputFormat) -> str:
    """Render a result as a text table, CSV, JSON (SPARQL 1.1 results) or Markdown."""
    if result.kind == "ask":
        if fmt is OutputFormat.JSON:
            return json.dumps({"head": {}, "boolean": result.boolean})
        return "true" if result.boolean else "false"
    if fmt is OutputFormat.CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows([plain(t) for t in row] for row in result.rows)
        return buffer.getvalue()
    if fmt is OutputFormat.JSON:
        return json.dumps({"head": {"vars": list(result.variables)},
                           "results": {"bindings": [
                               {v: _json_term(t) for v, t in zip(result.variables, row) if t is not None}
                               for row in result.rows]}}, ensure_ascii=False, indent=1)
    table = [[plain(t) for t in row] for row in result.rows]
    if fmt is OutputFormat.MARKDOWN:
        head = "| " + " | ".join(result.variables) + " |"
        rule = "|" + "|".join("---" for _ in result.variables) + "|"
        body = ["| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in row) + " |"
                for row in table]
        return "\n".join([head, rule, *body]) + "\n"
    return _text_table(result.variables, table)


def _json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def _text_table(header: Sequence[str], rows: list[list[str]]) -> str:
    widths = [min(60, max([len(h)] + [len(r[i]) for r in rows])) for i, h in enumerate(header)]

    def cut(text: str, width: int) -> str:
        text = text.replace("\n", " ")
        return text if len(text) <= width else text[: width - 1] + "…"

    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(cut(c, w).ljust(w) for c, w in zip(row, widths)) for row in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
