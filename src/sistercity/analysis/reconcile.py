"""Reconcile the Bandung–Seoul case with the world twinning lists: findings as RDF and Markdown.

Conflicting claims are kept side by side, each with its source: the case's statistic stays as
the article states it, and the lists' count becomes a second ``sc:TwinningStatistic``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from sistercity.sources.rdf import source_iri
from sistercity.core.namespaces import ID, SC

BANDUNG = ID["city/id/bandung"]
SEOUL = ID["city/kr/seoul"]
BANDUNG_SEOUL = ID["twinning/id-bandung--kr-seoul"]
BANDUNG_STATISTIC = ID["statistic/bandung-sister-cities"]
WORLD_STATISTIC = ID["statistic/bandung-sister-cities-world-lists"]
WORLD_SOURCE = source_iri("world-twin-cities")


class Outcome(str, Enum):
    """What comparing the case with the lists found (the literal of ``sc:reconciliationOutcome``)."""

    ABSENT_FROM_WORLD_LISTS = "absent-from-world-lists"
    PRESENT_IN_BOTH = "present-in-both"
    COUNT_DIFFERS = "count-differs"
    COUNT_AGREES = "count-agrees"


@dataclass(frozen=True)
class Reconciliation:
    """The findings: an RDF graph of claims and a Markdown report."""

    graph: Graph
    markdown: str
    twinning_outcome: Outcome
    count_outcome: Outcome
    listed_partners: tuple[tuple[str, str], ...]  # (label, twinning IRI) of Bandung in the lists


def _sources(graph: Graph, node: URIRef) -> list[URIRef]:
    return sorted(o for o in graph.objects(node, PROV.wasDerivedFrom) if isinstance(o, URIRef))


def _int(graph: Graph, node: URIRef, prop: URIRef) -> int | None:
    value = graph.value(node, prop)
    return int(value) if value is not None else None


def case_statistic(case: Graph) -> URIRef:
    """The case's statistic of Bandung's sister cities: ``id/statistic/bandung-sister-cities``
    if the case has it, else its first ``sc:TwinningStatistic`` about Bandung (by IRI)."""
    if (BANDUNG_STATISTIC, SC.partnerCount, None) in case:
        return BANDUNG_STATISTIC
    found = sorted(s for s in case.subjects(SC.aboutPlace, BANDUNG)
                   if (s, RDF.type, SC.TwinningStatistic) in case and isinstance(s, URIRef))
    return found[0] if found else BANDUNG_STATISTIC


def reconcile(case: Graph, world: Graph) -> Reconciliation:
    """Compare the case's Bandung–Seoul twinning and partner count with the world lists.

    Args:
        case: the case graph (``id/city/id/bandung``, ``id/twinning/id-bandung--kr-seoul``, and
            a ``sc:TwinningStatistic`` about Bandung with ``sc:partnerCount``/``sc:activePartnerCount``,
            see ``case_statistic``).
        world: the world graph from ``world.build_world``.
    """
    out = Graph()
    in_world = (BANDUNG_SEOUL, RDF.type, SC.Twinning) in world
    twin_outcome = Outcome.PRESENT_IN_BOTH if in_world else Outcome.ABSENT_FROM_WORLD_LISTS
    listed = sorted(((str(world.value(t, RDFS.label)), t) for t in world.subjects(SC.partner, BANDUNG)),
                    key=lambda item: item[0])
    seoul_partners = len(set(world.subjects(SC.partner, SEOUL)))
    statistic = case_statistic(case)
    total = _int(case, statistic, SC.partnerCount)
    active = _int(case, statistic, SC.activePartnerCount)
    count_outcome = Outcome.COUNT_AGREES if total == len(listed) else Outcome.COUNT_DIFFERS
    case_twin_sources = _sources(case, BANDUNG_SEOUL)
    case_stat_sources = _sources(case, statistic)

    # The lists' count, as a statistic of its own beside the article's.
    out.add((WORLD_STATISTIC, RDF.type, SC.TwinningStatistic))
    out.add((WORLD_STATISTIC, RDFS.label, Literal("Sister cities of Bandung in the world twinning lists", lang="en")))
    out.add((WORLD_STATISTIC, SC.aboutPlace, BANDUNG))
    out.add((WORLD_STATISTIC, SC.partnerCount, Literal(len(listed), datatype=XSD.nonNegativeInteger)))
    out.add((WORLD_STATISTIC, PROV.wasDerivedFrom, WORLD_SOURCE))

    finding = ID["reconciliation/bandung-seoul-twinning"]
    out.add((finding, RDF.type, SC.Reconciliation))
    out.add((finding, RDFS.label, Literal("Bandung–Seoul: article vs world twinning lists", lang="en")))
    out.add((finding, SC.reconciles, BANDUNG_SEOUL))
    out.add((finding, SC.reconciliationOutcome, Literal(twin_outcome.value)))
    for source in (*case_twin_sources, WORLD_SOURCE):
        out.add((finding, SC.comparedSource, source))
    out.add((finding, RDFS.comment, Literal(
        "The article describes Bandung and Seoul as sister cities; the world lists "
        + ("record the pair too." if in_world else
           f"do not record the pair (Seoul appears there with {seoul_partners} other partners). "
           "Both claims are kept, each with its source."), lang="en")))

    count = ID["reconciliation/bandung-sister-city-count"]
    out.add((count, RDF.type, SC.Reconciliation))
    out.add((count, RDFS.label, Literal("Bandung's number of sister cities: article vs world lists", lang="en")))
    out.add((count, SC.reconciles, statistic))
    out.add((count, SC.reconciles, WORLD_STATISTIC))
    out.add((count, SC.reconciliationOutcome, Literal(count_outcome.value)))
    for source in (*case_stat_sources, WORLD_SOURCE):
        out.add((count, SC.comparedSource, source))
    for _, twinning in listed:
        out.add((count, SC.candidatePartner, twinning))
    uncovered = (total - len(listed)) if total is not None else None
    out.add((count, RDFS.comment, Literal(
        f"The article counts {total if total is not None else 'an unstated number of'} sister cities"
        + (f", {active} of them active" if active is not None else "")
        + f"; the lists record {len(listed)} partners of Bandung. The {len(listed)} listed twinnings are "
        "the candidates the article's count may cover"
        + (f"; at least {uncovered} of its partners (Seoul among them) are not in the lists"
           if uncovered is not None and uncovered > 0 else "")
        + ". Which partners are active is not stated in either source.", lang="en")))

    markdown = _markdown(twin_outcome, count_outcome, listed, total, active, seoul_partners,
                         case_twin_sources, case_stat_sources, statistic)
    return Reconciliation(out, markdown, twin_outcome, count_outcome,
                          tuple((label, str(t)) for label, t in listed))


def _markdown(twin_outcome: Outcome, count_outcome: Outcome, listed: list[tuple[str, URIRef]],
              total: int | None, active: int | None, seoul_partners: int,
              twin_sources: list[URIRef], stat_sources: list[URIRef], statistic: URIRef) -> str:
    def cite(sources: list[URIRef]) -> str:
        return ", ".join(f"`{s}`" for s in sources) or "(no source recorded in the case graph)"

    lines = [
        "# Reconciliation: the Bandung–Seoul case and the world twinning lists", "",
        "Both sides are kept; nothing in the case graph is overwritten. Findings are in the graph as "
        "`sc:Reconciliation` nodes (`id/reconciliation/…`).", "",
        "## Bandung–Seoul as sister cities", "",
        "| claim | source | finding |", "|---|---|---|",
        f"| Bandung and Seoul are sister cities (`{BANDUNG_SEOUL}`) | {cite(twin_sources)} | stated |",
        f"| the pair in the world lists | `{WORLD_SOURCE}` | {twin_outcome.value} |", "",
        f"Seoul (`{SEOUL}`) has {seoul_partners} partners in the lists, none of them Bandung.", "",
        "## How many sister cities Bandung has", "",
        "| claim | source | count |", "|---|---|---:|",
        f"| sister cities of Bandung (`{statistic}`) | {cite(stat_sources)} | "
        f"{total if total is not None else 'not stated'} |",
        f"| of which active | {cite(stat_sources)} | {active if active is not None else 'not stated'} |",
        f"| partners of Bandung in the lists (`{WORLD_STATISTIC}`) | `{WORLD_SOURCE}` | {len(listed)} |", "",
        f"Finding: {count_outcome.value}. The listed twinnings below are the ones the article's count "
        "may cover; the lists do not say which are active.", "",
        "| listed twinning | IRI |", "|---|---|",
    ]
    lines += [f"| {label} | `{iri}` |" for label, iri in listed]
    return "\n".join(lines) + "\n"
