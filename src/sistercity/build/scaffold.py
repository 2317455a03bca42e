"""``sistercity new study``: write a ready study folder that validates and builds as written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sistercity.build.study import (CASE_DIR, MODULE_DIR, QUERIES_DIR, SOURCES_FILE, STUDY_FILE,
                                    check_namespace, core_version, load_study)
from sistercity.core.errors import StudyError, UsageError
from sistercity.core.io import write_text

TEMPLATE_DIR = Path("ontology/extensions/_template")
# What the template files write, and what a new study's files write instead.
_TEMPLATE_NAMESPACE = "https://example.org/my-module#"
_TEMPLATE_SHAPES = "https://example.org/my-module/shapes#"
_TEMPLATE_ONTOLOGY = "<https://example.org/my-module>"
_TEMPLATE_TITLE = '"My extension of Sister City KG"@en'


@dataclass(frozen=True)
class NewStudy:
    """What ``new study`` is asked for."""

    slug: str
    title: str
    namespace: str
    prefix: str
    authors: tuple[str, ...] = ("Your Name",)
    licence: str = "CC-BY-4.0"


def default_prefix(slug: str) -> str:
    """A prefix made of the slug's initials (``green-city-ties`` → ``gct``)."""
    initials = "".join(part[0] for part in slug.split("-") if part and part[0].isalpha())
    return (initials or "st") + ("x" if len(initials) < 2 else "")


def new_study(folder: Path, spec: NewStudy, *, root: Path) -> list[Path]:
    """Write a study folder: study.toml, module and shapes (from the project's template, with the
    namespace filled in), an example case, a sources file, one question and a README.

    Raises:
        UsageError: ``folder`` exists and is not empty, or the template is missing.
        StudyError: the slug, namespace or prefix is not allowed (the message says why).
    """
    if folder.exists() and any(folder.iterdir()):
        raise UsageError(f"{folder} exists and is not empty: choose a new folder for the study.")
    check_namespace(spec.namespace, "--namespace")
    template = root / TEMPLATE_DIR
    module_in, shapes_in = template / "my-module.ttl", template / "my-module.shapes.ttl"
    if not module_in.exists() or not shapes_in.exists():
        raise UsageError(f"the study template {template} is missing: run from the repository.")
    ontology_iri = spec.namespace.rstrip("#/")
    shapes_ns = ontology_iri + "/shapes#"
    p = spec.prefix

    def fill(text: str) -> str:
        text = text.replace(_TEMPLATE_SHAPES, shapes_ns).replace(_TEMPLATE_NAMESPACE, spec.namespace)
        text = text.replace(_TEMPLATE_ONTOLOGY, f"<{ontology_iri}>")
        text = text.replace(_TEMPLATE_TITLE, _turtle_string(spec.title) + "@en")
        return text.replace("myms:", f"{p}s:").replace("mym:", f"{p}:")

    files = {
        STUDY_FILE: _study_toml(spec),
        f"{MODULE_DIR}/{spec.slug}.ttl": fill(_drop_template_header(module_in.read_text(encoding="utf-8"))),
        f"{MODULE_DIR}/{spec.slug}.shapes.ttl": fill(_drop_template_header(shapes_in.read_text(encoding="utf-8"))),
        f"{CASE_DIR}/exchanges.ttl": _case(spec),
        SOURCES_FILE: _sources(spec),
        f"{QUERIES_DIR}/01-youth-exchanges.rq": _question(spec),
        "README.md": _readme(folder, spec),
    }
    written = []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, text)
        written.append(path)
    load_study(folder)  # the folder must read back as a study (a bad slug or prefix stops here)
    return written


def _drop_template_header(text: str) -> str:
    """The template without its leading comment (which tells how to copy the template)."""
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "".join(lines).lstrip("\n")


def _turtle_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _study_toml(spec: NewStudy) -> str:
    authors = ", ".join(_toml_string(a) for a in spec.authors)
    return f"""# A study of Sister City KG: `sistercity build --study THIS-FOLDER` builds it with the core
# (or put the folder under the repository's studies/ and it is found without --study).
[study]
slug = {_toml_string(spec.slug)}          # its case graph: https://w3id.org/sistercity/graph/case/{spec.slug}
title = {_toml_string(spec.title)}
description = ""
namespace = {_toml_string(spec.namespace)}   # your module's terms
prefix = {_toml_string(spec.prefix)}
authors = [{authors}]
licence = {_toml_string(spec.licence)}
core = {_toml_string(core_version())}                # the Sister City KG version this study was written for
# Namespaces of outside vocabularies your case uses without your module defining their terms,
# e.g. ["http://xmlns.com/foaf/0.1/"]. Terms of sc:, your namespace and the core's vocabularies
# (prov:, dcterms:, skos:, schema:, …) are checked against their definitions.
vocabularies = []
"""


def _case(spec: NewStudy) -> str:
    p = spec.prefix
    return f"""# The case data of the study "{spec.title}": one example node to replace with your own.
# Identifiers follow the core's pattern https://w3id.org/sistercity/id/{{kind}}/{{slug}}; cities are
# id/city/{{iso2}}/{{name}} (the same IRIs as in the world lists), countries id/country/{{iso2}}.

@base <https://w3id.org/sistercity/id/> .
@prefix {p}:   <{spec.namespace}> .
@prefix sc:   <https://w3id.org/sistercity/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .

<youth-exchange/{spec.slug}-example> a {p}:YouthExchange ;
    rdfs:label "Example youth exchange (replace with one your source describes)"@en ;
    {p}:participantCount "24"^^xsd:nonNegativeInteger ;
    prov:wasDerivedFrom <source/{spec.slug}-example-source> ;
    sc:sourceLocation "p. 1, paragraph 2" ;
    sc:evidenceText "The sentence of the source that states the exchange."@en .
"""


def _sources(spec: NewStudy) -> str:
    author = spec.authors[0] if spec.authors else "Author"
    return f"""# The works the study cites, one sc:Source each (sc:ScholarlyWork, sc:Report, sc:NewsItem,
# sc:WebPage, sc:DataSet). Case nodes point here with prov:wasDerivedFrom and say where with
# sc:sourceLocation.

@base <https://w3id.org/sistercity/id/> .
@prefix sc:      <https://w3id.org/sistercity/ontology#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<source/{spec.slug}-example-source> a sc:ScholarlyWork ;
    rdfs:label "Example source of {_escape(spec.title)}"@en ;
    dcterms:title "The title of the work you cite" ;
    dcterms:creator {_turtle_string(author)} ;
    dcterms:issued "2024"^^xsd:gYear .
"""


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _question(spec: NewStudy) -> str:
    p = spec.prefix
    return f"""# title:    Youth exchanges of the study
# question: Which youth exchanges does the study record, with how many participants, from which source and where in it?
# source:   study {spec.slug}, case/exchanges.ttl
PREFIX {p}:   <{spec.namespace}>
PREFIX sc:   <https://w3id.org/sistercity/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?exchange ?participants ?source ?location
WHERE {{
  ?x a {p}:YouthExchange ; rdfs:label ?exchange ; prov:wasDerivedFrom ?s .
  ?s rdfs:label ?source .
  OPTIONAL {{ ?x {p}:participantCount ?participants }}
  OPTIONAL {{ ?x sc:sourceLocation ?location }}
}}
ORDER BY ?exchange
"""


def _readme(folder: Path, spec: NewStudy) -> str:
    return f"""# {spec.title}

A study of Sister City KG (`{spec.slug}`, prefix `{spec.prefix}:` = `{spec.namespace}`).

## Edit next

1. `module/{spec.slug}.ttl`: replace the example class `{spec.prefix}:YouthExchange` and property
   `{spec.prefix}:participantCount` with your terms; every term needs `rdfs:label`,
   `skos:definition` and `rdfs:isDefinedBy`, and a `rdfs:subClassOf` / `rdfs:subPropertyOf` to a
   core term where one fits (it then inherits the core's shapes: label, source, location).
2. `module/{spec.slug}.shapes.ttl`: the SHACL shapes of your terms (the name must end in
   `.shapes.ttl`, or the file is read as part of the module).
3. `sources.ttl`: the works you cite.
4. `case/*.ttl`: your data, every node with `prov:wasDerivedFrom` a source and `sc:sourceLocation`.
5. `queries/NN-name.rq`: your questions (`sistercity query {spec.slug}:01`).

## Check and build

```sh
sistercity validate --study {folder} {folder}/case/*.ttl
sistercity build --study {folder}
sistercity query {spec.slug}:01    # the build records the study: its questions are found
```

See the tutorial `ontology/extensions/README.md` of the Sister City KG repository.
"""
