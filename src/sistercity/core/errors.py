"""One exception hierarchy for the library; only ``sistercity.cli`` turns these into exit codes."""

from __future__ import annotations

from pathlib import Path


class SisterCityError(Exception):
    """Base class: every error the library raises on purpose. Exit status 1 in the CLI."""

    exit_code = 1


class UsageError(SisterCityError):
    """The caller asked for something that does not exist (unknown question, view, format)."""

    exit_code = 2


class RdfSyntaxError(SisterCityError):
    """An RDF file does not parse; carries the file, line and column."""

    def __init__(self, path: Path, message: str, line: int | None = None, column: int | None = None):
        self.path, self.line, self.column = path, line, column
        where = str(path) + (f":{line}" if line else "") + (f":{column}" if column else "")
        super().__init__(f"{where}: syntax error: {message}\n  Fix the file and run again.")


class ValidationFailed(SisterCityError):
    """SHACL violations (or warnings, when they are not allowed) in the data; carries the result."""

    def __init__(self, report_text: str, result: object):
        self.result = result
        super().__init__(report_text)


class InconsistentOntology(SisterCityError):
    """The reasoner found the ontology and data inconsistent, or a class unsatisfiable."""


class ReasonerUnavailable(SisterCityError):
    """The reasoner cannot run (Java missing); the message says how to install it."""


class QueryError(SisterCityError):
    """A SPARQL query file is malformed, or a parameter is missing or ill-typed."""


class ImportProblem(SisterCityError):
    """An input table cannot be imported at all (not CSV, a mapped column is missing)."""


class ExportError(SisterCityError):
    """An export cannot be written."""


class BuildMissing(SisterCityError):
    """A consumer of dist/ ran before `sistercity build`."""


class StudyError(SisterCityError):
    """A study folder is unusable: no or a malformed study.toml, a missing or ill-typed field."""


class QualityCheckFailed(SisterCityError):
    """A quality check (queries/checks/*-violation.rq) or the ontology lint found rows; carries them."""

    def __init__(self, message: str, findings: tuple[object, ...] = ()):
        self.findings = findings
        super().__init__(message)


class ReleaseError(SisterCityError):
    """The ontology release cannot be made from the build (an import with no file, a file changed)."""


class PublishError(SisterCityError):
    """A triple store cannot be reached, asks for credentials it was not given, or refuses them."""


class SourceChanged(SisterCityError):
    """A source file's SHA-256 differs from the hash its provenance record states."""
