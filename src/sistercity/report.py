"""The build report (dist/build-report.md): sizes, classes, validation, reasoning, timings."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from rdflib import URIRef
from rdflib.namespace import RDF

from . import dataset as ds
from .namespaces import SC

if TYPE_CHECKING:
    from .build import BuildResult


def build_report(result: BuildResult, graph_names: list[URIRef]) -> str:
    """Render the Markdown build report for ``result``."""
    loaded = result.loaded
    lines = ["# Sister City KG — build report", ""]
    lines += ["## Triples per named graph", "", "| graph | triples |", "|---|---:|"]
    total = 0
    for iri in graph_names:
        size = len(loaded.graph(iri))
        total += size
        lines.append(f"| `{iri}` | {size:,} |")
    lines += [f"| **all graphs** | **{total:,}** |", ""]

    lines += ["## Instances per class", "",
              "Asserted (in the data graphs) and after reasoning (asserted + inferred).", "",
              "| class | asserted | after reasoning |", "|---|---:|---:|"]
    asserted = _class_counts(loaded, loaded.data_graphs)
    reasoned = _class_counts(loaded, [*loaded.data_graphs, ds.INFERRED])
    for cls in sorted(set(asserted) | set(reasoned), key=str):
        lines.append(f"| `sc:{str(cls).removeprefix(str(SC))}` | {asserted.get(cls, 0):,} "
                     f"| {reasoned.get(cls, 0):,} |")
    lines.append("")

    lines += _case_sections(loaded)

    validation = result.validation
    lines += ["## Validation (SHACL, pySHACL)", "", f"- {validation.summary()}", ""]
    grouped = validation.counts_by_shape()
    if grouped:
        lines += ["| severity | message | count |", "|---|---|---:|"]
        for (severity, message), count in sorted(grouped.items()):
            lines.append(f"| {severity} | {message.replace('|', '/')} | {count:,} |")
        lines.append("")

    lines += ["## Reasoning", ""]
    if result.consistency is not None:
        c = result.consistency
        lines.append(f"- HermiT (owlready2): ontology, vocabularies, sources and curated cases are "
                     f"consistent; no unsatisfiable class ({c.axioms_checked:,} triples, "
                     f"{c.seconds:.2f} s).")
    lines.append(f"- OWL 2 RL closure (reasonable): {len(result.closure.graph):,} new triples from "
                 f"{result.closure.input_triples:,} ({result.closure.seconds:.2f} s); with the "
                 f"sc:twinnedWith shortcuts the `inferred` graph holds "
                 f"{len(loaded.graph(ds.INFERRED)):,} triples.")
    advocates = sorted(str(s).rsplit("/", 1)[-1]
                       for s in loaded.graph(ds.INFERRED).subjects(RDF.type, SC.Advocate))
    lines += [f"- Actors classified as `sc:Advocate` by the reasoner ({len(advocates)}): "
              + (", ".join(advocates) or "none"), ""]

    lines += ["## Time per step", "", "| step | seconds |", "|---|---:|"]
    for name, seconds in result.timings.steps.items():
        lines.append(f"| {name} | {seconds:.2f} |")
    lines += [f"| **total** | **{result.timings.total:.2f}** |", ""]
    return "\n".join(lines)


def _case_sections(loaded: ds.LoadedDataset) -> list[str]:
    """Per curated case, per area (file): how many nodes and facts (triples) are in the graph."""
    lines: list[str] = []
    prefix = str(ds.case_graph_iri(""))
    for iri, paths in loaded.files.items():
        if not str(iri).startswith(prefix):
            continue
        case = str(iri).removeprefix(prefix)
        lines += [f"## Case `{case}`: facts per area", "",
                  "| area (file) | nodes | facts (triples) | with evidence text |", "|---|---:|---:|---:|"]
        graph = loaded.graph(iri)
        evidence = {s for s in graph.subjects(SC.evidenceText, None)}
        total_nodes = total_facts = total_evidence = 0
        for path in paths:
            facts, nodes = loaded.file_stats.get(path, (0, 0))
            quoted = sum(1 for s in evidence if loaded.origins.get(s) == path)
            total_nodes, total_facts, total_evidence = (total_nodes + nodes, total_facts + facts,
                                                        total_evidence + quoted)
            lines.append(f"| {path.stem} | {nodes:,} | {facts:,} | {quoted:,} |")
        lines += [f"| **all** | **{total_nodes:,}** | **{total_facts:,}** | **{total_evidence:,}** |", ""]
        sections = Counter(_section(str(loc)) for loc in graph.objects(None, SC.sourceLocation))
        lines += ["By the section of the source each node is taken from (`sc:sourceLocation`):", "",
                  "| section | nodes |", "|---|---:|"]
        lines += [f"| {name} | {count:,} |" for name, count in sorted(sections.items())]
        lines.append("")
    return lines


def _section(location: str) -> str:
    """The leading section of a source location: 'HASIL DAN PEMBAHASAN > Policy Transfer, …'."""
    head = re.split(r"[,;(]| paragraph| row", location, maxsplit=1)[0].strip()
    return head.split(" > ")[0] + (" > " + head.split(" > ")[1] if " > " in head else "")


def _class_counts(loaded: ds.LoadedDataset, graphs: list[URIRef]) -> Counter[URIRef]:
    counts: Counter[URIRef] = Counter()
    seen: set[tuple[object, object]] = set()
    for iri in graphs:
        for subject, cls in loaded.graph(iri).subject_objects(RDF.type):
            if str(cls).startswith(str(SC)) and (subject, cls) not in seen:
                seen.add((subject, cls))
                counts[cls] += 1
    return counts
