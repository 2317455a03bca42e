"""The build report (dist/build-report.md): sizes, classes, validation, reasoning, timings."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

import pyoxigraph as ox
from rdflib import URIRef

from sistercity.build import dataset as ds
from sistercity.build.result import BuildResult
from sistercity.build.store import graph_sizes
from sistercity.build.study import study_prefixes
from sistercity.core.namespaces import SC, G



def build_report(result: BuildResult) -> str:
    """Render the Markdown build report for ``result`` (counts read from its Oxigraph store)."""
    loaded, store = result.loaded, result.store
    lines = ["# Sister City KG — build report", ""]
    lines += ["## Triples per named graph", "", "| graph | triples |", "|---|---:|"]
    sizes = graph_sizes(store)
    for iri in result.graph_names:
        lines.append(f"| `{iri}` | {sizes.get(str(iri), 0):,} |")
    lines += [f"| **all graphs** | **{sum(sizes.values()):,}** |", ""]

    prefixes = study_prefixes(loaded.studies)
    lines += _modules_and_studies(loaded)
    lines += ["## Instances per class", "",
              "Asserted (in the data graphs) and after reasoning (asserted + inferred), for the "
              "classes of every loaded module and vocabulary.", "",
              "| class | asserted | after reasoning |", "|---|---:|---:|"]
    data_graphs = [iri for iri in result.graph_names
                   if iri not in (G.ONTOLOGY, G.VOCAB, G.SHAPES, G.ANALYTICS, G.INFERRED)]
    asserted = _class_counts(store, data_graphs)
    reasoned = _class_counts(store, [*data_graphs, G.INFERRED])
    for cls in sorted(set(asserted) | set(reasoned), key=lambda c: short_name(c, prefixes)):
        lines.append(f"| `{short_name(cls, prefixes)}` | {asserted.get(cls, 0):,} "
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
    lines.append(f"- OWL 2 RL closure (reasonable): {result.closure.size:,} new triples from "
                 f"{result.closure.input_triples:,} ({result.closure.seconds:.2f} s); with the "
                 f"sc:twinnedWith shortcuts the `inferred` graph holds "
                 f"{sizes.get(str(G.INFERRED), 0):,} triples.")
    advocates = sorted(str(row["s"].value).rsplit("/", 1)[-1] for row in store.query(
        f"SELECT DISTINCT ?s WHERE {{ GRAPH <{G.INFERRED}> {{ ?s a <{SC.Advocate}> }} }}"))
    lines += [f"- Actors classified as `sc:Advocate` by the reasoner ({len(advocates)}): "
              + (", ".join(advocates) or "none"), ""]

    lines += ["## Time per step", "",
              "Steps of the build process; the `wait` steps are the time it spent waiting for work "
              "running beside it.", "", "| step | seconds |", "|---|---:|"]
    for name, seconds in result.timings.steps.items():
        lines.append(f"| {name} | {seconds:.2f} |")
    lines += [f"| **total** | **{result.timings.total:.2f}** |", ""]
    if result.from_cache:
        lines += ["From the build cache (`.cache/sistercity/`, unchanged inputs; `sistercity build "
                  "--no-cache` computes them again): " + ", ".join(result.from_cache) + ".", ""]
    if result.processes:
        lines += ["## Processes", "", "The build runs pySHACL on the world graph and the OWL RL "
                  "closure in forked child processes beside its own work (HermiT runs in Java).", "",
                  "| process | wall s | CPU s | peak memory (MiB) |", "|---|---:|---:|---:|"]
        for name, stats in result.processes.items():
            lines.append(f"| {name} | {stats.seconds:.2f} | {stats.cpu_seconds:.2f} "
                         f"| {stats.peak_mib:,.0f} |")
        lines.append("")
    return "\n".join(lines)


def _case_sections(loaded: ds.LoadedDataset) -> list[str]:
    """Per curated case, per area (file): how many nodes and facts (triples) are in the graph."""
    lines: list[str] = []
    prefix = str(G.CASE_PREFIX)
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


def _class_counts(store: ox.Store, graphs: list[URIRef]) -> dict[str, int]:
    """Distinct instances of each class (any namespace, blank-node classes left out) in the
    union of ``graphs``."""
    names = " ".join(f"<{iri}>" for iri in graphs)
    rows = store.query(f"""
        SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {{
          VALUES ?g {{ {names} }}
          GRAPH ?g {{ ?x a ?class }}
          FILTER(isIRI(?class))
        }} GROUP BY ?class""")
    return {row["class"].value: int(row["n"].value) for row in rows}


def short_name(iri: str, prefixes: Mapping[str, str]) -> str:
    """``prefix:local`` with the longest matching namespace, else the full ``<iri>``."""
    for name, space in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(space) and re.fullmatch(r"[\w.\-]+", iri[len(space):]):
            return f"{name}:{iri[len(space):]}"
    return f"<{iri}>"


def _modules_and_studies(loaded: ds.LoadedDataset) -> list[str]:
    """The loaded modules (core, extensions, studies) and the studies with their metadata."""
    lines = ["## Modules and studies", "", "| module | title | file | study |", "|---|---|---|---|"]
    for module in loaded.modules():
        lines.append(f"| `{module['iri']}` | {str(module['title']).replace('|', '/')} "
                     f"| `{module['file']}` | {module['study'] or 'core'} |")
    lines.append("")
    if loaded.studies:
        lines += ["| study | title | authors | licence | core | prefix | case graph |",
                  "|---|---|---|---|---|---|---|"]
        for study in loaded.studies:
            lines.append(f"| `{study.slug}` | {study.title.replace('|', '/')} | "
                         f"{', '.join(study.authors)} | {study.licence} | {study.core} | "
                         f"`{study.prefix}:` | `{study.graph}` |")
        lines.append("")
    else:
        lines += ["No studies (add one with `sistercity new study`).", ""]
    return lines
