"""Mistakes no SHACL shape sees: terms nobody defines, modules in the core's namespace, files a
module folder holds but the build does not read, a study written for another core version.

A misspelt term (``sc:mediatedby`` for ``sc:mediatedBy``, ``a sc:Cty``) is valid RDF that no
shape targets: the fact silently drops out of every question. So every predicate and every class
of the curated data must be defined by a loaded module or vocabulary, or come from an outside
vocabulary the core or the study declares; each finding names the term, its file and line, and
the closest defined terms.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib import namespace as rns
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from sistercity.build import dataset as ds
from sistercity.build.locate import find_line
from sistercity.build.study import Study, study_prefixes
from sistercity.build.validate import Finding, Severity, ValidationResult
from sistercity.core.namespaces import (BIBO, DBO, GEO, ID, ORG, PREFIXES, SC, SCHEMA, VANN, VOCAB, WD,
                                        WDT, WGS84)

# Outside vocabularies whose terms rdflib lists: a term of theirs that is not listed is a typo.
_LISTED = (rns.PROV, rns.DCTERMS, rns.SKOS, rns.RDFS, rns.OWL, rns.SH, rns.ORG, rns.VANN, rns.FOAF,
           rns.RDF, rns.DC, rns.VOID, rns.DCAT, rns.SDO)
# Outside vocabularies the core aligns to or uses, accepted without a list of their terms.
_DECLARED = {str(ns) for ns in (ORG, SCHEMA, WGS84, GEO, VANN, BIBO, WD, WDT, DBO)} | {
    ns for name, ns in PREFIXES.items() if name not in ("sc", "id", "vocab", "graph")}
_DECLARING = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
              RDF.Property, RDFS.Class, OWL.NamedIndividual)


def namespace_of(iri: str) -> str:
    """The namespace of an IRI: up to its last ``#``, else its last ``/``."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def check_sources(layout: ds.Layout, loaded: ds.LoadedDataset, *, version: str) -> ValidationResult:
    """Every check of this module on a loaded build: undefined terms in the curated data, modules
    in the core's namespace, module folders' unread files, studies for another core version."""
    from sistercity.core.namespaces import G

    schema = loaded.union([G.ONTOLOGY, G.VOCAB])
    data = {p: loaded.parts[p] for iri in loaded.curated_graphs for p in loaded.files[iri]
            if p in loaded.parts}
    core = Graph()
    for path in layout.core_ontology_files:
        core.addN((s, p, o, core) for s, p, o in loaded.parts.get(path, Graph()))
    modules = {p: loaded.parts[p] for p in loaded.files.get(G.ONTOLOGY, ()) if p in loaded.parts}
    findings = [*undefined_terms(data, schema=schema, studies=loaded.studies),
                *core_namespace_terms(modules, core_files=layout.core_ontology_files, core=core),
                *unloaded_files(layout.module_folders, loaded_parts=loaded.parts),
                *core_version_findings(loaded.studies, version)]
    order = list(Severity)
    findings.sort(key=lambda f: (order.index(f.severity), f.file or "", f.line or 0, f.focus))
    return ValidationResult(findings=tuple(findings), triples_validated=0)


def undefined_terms(parts: Mapping[Path, Graph], *, schema: Graph,
                    studies: Iterable[Study] = ()) -> list[Finding]:
    """One violation per undefined term and file where the data uses it (as a predicate, or as
    the class of ``rdf:type``), at its first use in the file, saying how many more there are.

    Args:
        parts: each data file's triples.
        schema: the loaded modules and vocabularies (what defines terms).
        studies: the studies (their namespaces are checked, their ``vocabularies`` accepted).
    """
    studies = tuple(studies)
    defined = {str(s) for s in schema.subjects() if isinstance(s, URIRef)}
    owned = {str(SC._NS)} | {s.namespace for s in studies} | {
        namespace_of(str(s)) for kind in _DECLARING for s in schema.subjects(RDF.type, kind)
        if isinstance(s, URIRef)}
    accepted = _DECLARED | {v for s in studies for v in s.vocabularies}
    owned -= accepted | {str(ns) for ns in _LISTED}
    prefixes = study_prefixes(studies)
    findings: list[Finding] = []
    for path, graph in parts.items():
        problems: dict[str, str | None] = {}  # term → why it is undefined (None: it is defined)
        uses: dict[str, list[tuple[Node, Node, URIRef, str, str]]] = {}
        for s, p, o in graph:
            for term, role in ((p, "property"), (o, "class") if p == RDF.type else (None, "")):
                if not isinstance(term, URIRef):
                    continue
                key = str(term)
                if key not in problems:
                    problems[key] = _problem(key, defined, owned, accepted)
                problem = problems[key]
                if problem is not None:
                    uses.setdefault(key, []).append((s, p, term, role, problem))
        for occurrences in uses.values():
            found = [_finding(path, *use, defined, prefixes) for use in occurrences]
            first = min(found, key=lambda f: (f.line or 1 << 30, f.focus))  # the same one every run
            if len(found) > 1:
                first = replace(first, message=first.message + f" It is used {len(found)} times in "
                                "this file; the first is shown.")
            findings.append(first)
    return findings


def _problem(term: str, defined: set[str], owned: set[str], accepted: set[str]) -> str | None:
    """Why ``term`` is not defined (None when it is)."""
    if term in defined or term.startswith((str(ID), str(VOCAB))):
        return None
    space = namespace_of(term)
    if space in owned:
        return "module"
    for listed in _LISTED:
        if space == str(listed):
            return None if URIRef(term) in listed else "listed"
    if space in accepted or any(term.startswith(a) for a in accepted):
        return None
    return "namespace"


def _finding(path: Path, subject: Node, predicate: Node, term: URIRef, role: str, problem: str,
             defined: set[str], prefixes: Mapping[str, str]) -> Finding:
    short = _short(str(term), prefixes)
    space = namespace_of(str(term))
    if problem == "namespace":
        fix = (f"no loaded module defines terms in <{space}> and no study declares it: define the "
               "term in your module, or list the namespace under `vocabularies` in study.toml")
    else:
        pool = [t for t in defined if namespace_of(t) == space] if problem == "module" else [
            str(space) + name for listed in _LISTED if str(listed) == space for name in _names(listed)]
        local = str(term)[len(space):]
        close = difflib.get_close_matches(local, [t[len(space):] for t in pool], n=3, cutoff=0.6)
        close += [t[len(space):] for t in pool if t[len(space):].lower() == local.lower()
                  and t[len(space):] not in close]
        hint = ("; closest defined: " + ", ".join(_short(space + c, prefixes) for c in close)) if close else ""
        where = "in any loaded module or vocabulary" if problem == "module" else "in that vocabulary"
        fix = f"not defined {where}{hint}. Fix the spelling, or define the term in your module"
    message = f"undefined {role} {short}: {fix}."
    return Finding(severity=Severity.VIOLATION, focus=str(subject), focus_label=None,
                   path="rdf:type" if role == "class" else short, value=short if role == "class" else None,
                   message=message, shape=None, file=str(path),
                   line=find_line(path, subject, predicate, term if role == "class" else None))


def _names(listed: type) -> list[str]:
    return [n for n in getattr(listed, "__annotations__", {}) if not n.startswith("_")]


def _short(iri: str, prefixes: Mapping[str, str]) -> str:
    for name, space in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(space) and re.fullmatch(r"[\w.\-]*", iri[len(space):]):
            return f"{name}:{iri[len(space):]}"
    return f"<{iri}>"


def core_namespace_terms(parts: Mapping[Path, Graph], *, core_files: Iterable[Path],
                         core: Graph) -> list[Finding]:
    """Violations for terms an extension or study module declares in the core's namespace, and
    warnings for what it says about the core's own terms (which changes the core for everyone)."""
    core_paths = {p.resolve() for p in core_files}
    core_terms = {s for s in core.subjects() if isinstance(s, URIRef)}
    findings = []
    for path, graph in parts.items():
        if path.resolve() in core_paths:
            continue
        for subject in sorted({s for s in graph.subjects() if isinstance(s, URIRef)
                               and str(s).startswith(str(SC._NS))}, key=str):
            short = "sc:" + str(subject)[len(str(SC._NS)):]
            new = subject not in core_terms
            severity = Severity.VIOLATION if new else Severity.WARNING
            message = (f"this module declares {short} in the core's namespace "
                       f"({SC._NS}): declare it in your study's own namespace (study.toml "
                       "`namespace`) and align it with rdfs:subClassOf / rdfs:subPropertyOf to a core term."
                       if new else
                       f"this module adds statements about the core's term {short}, which changes the "
                       "core for every study: prefer a subclass or subproperty in your own namespace.")
            findings.append(Finding(severity=severity, focus=str(subject), focus_label=None, path=None,
                                    value=None, message=message, shape=None, file=str(path),
                                    line=find_line(path, subject)))
    return findings


def unloaded_files(folders: Iterable[Path], *, loaded_parts: Mapping[Path, Graph]) -> list[Finding]:
    """Files in module folders that the build does not read as intended: a module file that
    holds SHACL shapes (its name does not end in ``.shapes.ttl``, so its shapes validate nothing),
    and RDF-looking files that are not ``.ttl`` (not read at all)."""
    findings = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.is_dir() or path.name.startswith("."):
                continue
            if path.suffix == ".ttl" and not path.name.endswith(".shapes.ttl"):
                part = loaded_parts.get(path)
                shapes = part is not None and any(
                    (None, RDF.type, kind) in part for kind in (SH.NodeShape, SH.PropertyShape))
                if shapes:
                    target = path.name[: -len(".ttl")].removesuffix("-shapes").removesuffix(
                        "_shapes").removesuffix(".shapes").removesuffix(".shape") + ".shapes.ttl"
                    findings.append(_file_finding(
                        path, Severity.VIOLATION,
                        f"{path.name} holds SHACL shapes but is loaded as part of the module (only "
                        f"files named *.shapes.ttl are loaded as shapes), so its shapes check "
                        f"nothing: rename it to {target}."))
            elif path.suffix.lower() in (".shacl", ".turtle", ".n3", ".nt", ".rdf", ".owl", ".jsonld",
                                         ".trig", ".txt", ".ttl~") or path.name.lower().endswith(
                                             (".ttl.txt", ".shapes.turtle")) or path.suffix == ".TTL":
                findings.append(_file_finding(
                    path, Severity.WARNING,
                    f"{path.name} is not loaded: a module folder is read for *.ttl (modules) and "
                    "*.shapes.ttl (shapes) only. Rename it, or move it out of the folder."))
    return findings


def _file_finding(path: Path, severity: Severity, message: str) -> Finding:
    return Finding(severity=severity, focus=path.as_uri(), focus_label=path.name, path=None,
                   value=None, message=message, shape=None, file=str(path), line=None)


def core_version_findings(studies: Iterable[Study], version: str) -> list[Finding]:
    """A warning for each study written for another major.minor version of the core."""
    ours = ".".join(version.split(".")[:2])
    return [Finding(severity=Severity.WARNING, focus=study.toml.as_uri(), focus_label=study.title,
                    path=None, value=None,
                    message=f"the study targets core {study.core}, this is core {version}: check the "
                            f"release notes for changed terms, then set core = \"{ours}\" in study.toml.",
                    shape=None, file=str(study.toml), line=_toml_line(study.toml, "core"))
            for study in studies if ".".join(study.core.split(".")[:2]) != ours]


def _toml_line(path: Path, key: str) -> int | None:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.match(rf"\s*{key}\s*=", line):
                return number
    except OSError:
        return None
    return None
