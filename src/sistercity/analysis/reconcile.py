"""Reconcile every curated case with the world twinning lists: findings as RDF and Markdown.

Every twinning a curated case states (the Bandung–Seoul case's, a study's) is looked up in the
lists, and every curated count of a place's sister cities (``sc:TwinningStatistic``) is set beside
the number of partners the lists record for that place. Conflicting claims are kept side by side,
each with its source: the case's statistic stays as its source states it, and the lists' count
becomes a second ``sc:TwinningStatistic``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from sistercity.core.namespaces import ID, SC
from sistercity.sources.rdf import source_iri

WORLD_SOURCE = source_iri("world-twin-cities")


class Outcome(str, Enum):
    """What comparing a case with the lists found (the literal of ``sc:reconciliationOutcome``)."""

    ABSENT_FROM_WORLD_LISTS = "absent-from-world-lists"
    PRESENT_IN_BOTH = "present-in-both"
    COUNT_DIFFERS = "count-differs"
    COUNT_AGREES = "count-agrees"


@dataclass(frozen=True)
class TwinningFinding:
    """A twinning a curated source states, and whether the lists record the same pair."""

    finding: URIRef
    twinning: URIRef
    partners: tuple[URIRef, URIRef]
    labels: tuple[str, str]
    sources: tuple[URIRef, ...]
    outcome: Outcome
    listed_as: URIRef | None  # the lists' twinning of the same two places, if any
    listed_partners: tuple[int, int]  # how many partners each place has in the lists


@dataclass(frozen=True)
class CountFinding:
    """A curated count of a place's sister cities beside the lists' partners of that place."""

    finding: URIRef
    statistic: URIRef
    world_statistic: URIRef
    place: URIRef
    label: str
    stated: int | None
    active: int | None
    sources: tuple[URIRef, ...]
    outcome: Outcome
    listed: tuple[tuple[str, URIRef], ...]  # (label, twinning IRI) of the place in the lists


@dataclass(frozen=True)
class Reconciliation:
    """The findings of every case: an RDF graph of claims and a Markdown report."""

    graph: Graph
    markdown: str
    twinnings: tuple[TwinningFinding, ...]
    counts: tuple[CountFinding, ...]

    def of_twinning(self, twinning: URIRef) -> TwinningFinding:
        """The finding about one curated twinning.

        Raises:
            KeyError: no curated case states that twinning.
        """
        for found in self.twinnings:
            if found.twinning == twinning:
                return found
        raise KeyError(twinning)

    def of_statistic(self, statistic: URIRef) -> CountFinding:
        """The finding about one curated statistic.

        Raises:
            KeyError: no curated case has that statistic.
        """
        for found in self.counts:
            if found.statistic == statistic:
                return found
        raise KeyError(statistic)


def _path(node: URIRef) -> str:
    """The IRI after ``id/`` (``twinning/id-bandung--kr-seoul``), for minting derived IRIs."""
    return str(node).removeprefix(str(ID))


def _sources(graph: Graph, node: URIRef) -> tuple[URIRef, ...]:
    return tuple(sorted(o for o in graph.objects(node, PROV.wasDerivedFrom)
                        if isinstance(o, URIRef) and o != WORLD_SOURCE))


def _int(graph: Graph, node: URIRef, prop: URIRef) -> int | None:
    value = graph.value(node, prop)
    return int(value) if value is not None else None


def _label(graph: Graph, node: URIRef) -> str:
    """The English label, else any label, else the IRI's last segment."""
    labels = list(graph.objects(node, RDFS.label))
    english = [str(lbl) for lbl in labels if getattr(lbl, "language", None) == "en"]
    return (english or [str(lbl) for lbl in labels] or [str(node).rsplit("/", 1)[-1]])[0]


def _cited(graph: Graph, source: URIRef) -> str:
    """How a source is cited ("seed article", "(Aju, 2020)"), else its label."""
    cited = graph.value(source, SC.citedAs)
    return str(cited) if cited is not None else _label(graph, source)


def _partners(graph: Graph, twinning: URIRef) -> list[URIRef]:
    return sorted({p for p in graph.objects(twinning, SC.partner) if isinstance(p, URIRef)})


def curated_twinnings(case: Graph) -> list[URIRef]:
    """Twinnings of two places that the curated cases state with a source of their own (not only
    the world lists), by IRI."""
    return sorted(t for t in set(case.subjects(RDF.type, SC.Twinning))
                  if isinstance(t, URIRef) and _sources(case, t) and len(_partners(case, t)) == 2)


def curated_statistics(case: Graph) -> list[URIRef]:
    """Statistics of the curated cases that state a partner count of a place, by IRI."""
    return sorted(s for s in set(case.subjects(RDF.type, SC.TwinningStatistic))
                  if isinstance(s, URIRef) and _sources(case, s)
                  and isinstance(case.value(s, SC.aboutPlace), URIRef) and (s, SC.partnerCount, None) in case)


def reconcile(case: Graph, world: Graph) -> Reconciliation:
    """Compare every curated twinning and partner count with the world lists.

    Args:
        case: the curated graphs (every case and study, and the sources), e.g. the build's union
            of them: each ``sc:Twinning`` with a curated source and each ``sc:TwinningStatistic``
            with ``sc:aboutPlace`` and ``sc:partnerCount`` is reconciled.
        world: the world graph from ``world.build_world`` (any rdflib view of it).
    """
    out = Graph()
    twinnings = tuple(_reconcile_twinning(case, world, t, out) for t in curated_twinnings(case))
    counts = tuple(_reconcile_count(case, world, s, out) for s in curated_statistics(case))
    return Reconciliation(out, _markdown(twinnings, counts), twinnings, counts)


def _listed_twinnings(world: Graph, place: URIRef) -> list[URIRef]:
    return [t for t in set(world.subjects(SC.partner, place)) if isinstance(t, URIRef)]


def _reconcile_twinning(case: Graph, world: Graph, twinning: URIRef, out: Graph) -> TwinningFinding:
    a, b = _partners(case, twinning)
    listed_a, listed_b = _listed_twinnings(world, a), _listed_twinnings(world, b)
    same_pair = sorted(set(listed_a) & set(listed_b))
    outcome = Outcome.PRESENT_IN_BOTH if same_pair else Outcome.ABSENT_FROM_WORLD_LISTS
    sources = _sources(case, twinning)
    labels = (_label(case, a), _label(case, b))
    finding = ID[f"reconciliation/{_path(twinning)}"]
    out.add((finding, RDF.type, SC.Reconciliation))
    out.add((finding, RDFS.label, Literal(f"{labels[0]}–{labels[1]}: curated sources vs world twinning lists",
                                          lang="en")))
    out.add((finding, SC.reconciles, twinning))
    out.add((finding, SC.reconciliationOutcome, Literal(outcome.value)))
    for source in (*sources, WORLD_SOURCE):
        out.add((finding, SC.comparedSource, source))
    if same_pair:
        out.add((finding, SC.candidatePartner, same_pair[0]))
    out.add((finding, RDFS.comment, Literal(
        f"{'; '.join(_cited(case, s) for s in sources)} state that {labels[0]} and {labels[1]} are twinned; "
        + ("the world lists record the pair too." if same_pair else
           f"the world lists do not record the pair ({labels[0]} has {len(listed_a)} partners there, "
           f"{labels[1]} {len(listed_b)}). Both claims are kept, each with its source."), lang="en")))
    return TwinningFinding(finding, twinning, (a, b), labels, sources, outcome,
                           same_pair[0] if same_pair else None, (len(listed_a), len(listed_b)))


def _reconcile_count(case: Graph, world: Graph, statistic: URIRef, out: Graph) -> CountFinding:
    place = URIRef(str(case.value(statistic, SC.aboutPlace)))  # an IRI: see curated_statistics
    label = _label(case, place)
    listed = tuple(sorted(((_label(world, t), t) for t in _listed_twinnings(world, place)),
                          key=lambda item: (item[0], str(item[1]))))
    total = _int(case, statistic, SC.partnerCount)
    active = _int(case, statistic, SC.activePartnerCount)
    outcome = Outcome.COUNT_AGREES if total == len(listed) else Outcome.COUNT_DIFFERS
    sources = _sources(case, statistic)

    # The lists' count, as a statistic of its own beside the curated one.
    world_statistic = ID[f"statistic/world-lists/{_path(place)}"]
    out.add((world_statistic, RDF.type, SC.TwinningStatistic))
    out.add((world_statistic, RDFS.label, Literal(f"Sister cities of {label} in the world twinning lists",
                                                  lang="en")))
    out.add((world_statistic, SC.aboutPlace, place))
    out.add((world_statistic, SC.partnerCount, Literal(len(listed), datatype=XSD.nonNegativeInteger)))
    out.add((world_statistic, PROV.wasDerivedFrom, WORLD_SOURCE))

    finding = ID[f"reconciliation/{_path(statistic)}"]
    out.add((finding, RDF.type, SC.Reconciliation))
    out.add((finding, RDFS.label, Literal(f"{label}'s number of sister cities: curated sources vs world lists",
                                          lang="en")))
    out.add((finding, SC.reconciles, statistic))
    out.add((finding, SC.reconciles, world_statistic))
    out.add((finding, SC.reconciliationOutcome, Literal(outcome.value)))
    for source in (*sources, WORLD_SOURCE):
        out.add((finding, SC.comparedSource, source))
    for _, twinning in listed:
        out.add((finding, SC.candidatePartner, twinning))
    uncovered = (total - len(listed)) if total is not None else None
    out.add((finding, RDFS.comment, Literal(
        f"{'; '.join(_cited(case, s) for s in sources)} count {total} sister cities of {label}"
        + (f", {active} of them active" if active is not None else "")
        + f"; the lists record {len(listed)} partners of {label}. The {len(listed)} listed twinnings are "
        "the candidates the curated count may cover"
        + (f"; at least {uncovered} of its partners are not in the lists"
           if uncovered is not None and uncovered > 0 else "")
        + ". Which partners are active is not stated in the lists.", lang="en")))
    return CountFinding(finding, statistic, world_statistic, place, label, total, active, sources,
                        outcome, listed)


def _cite(sources: tuple[URIRef, ...]) -> str:
    return ", ".join(f"`{s}`" for s in sources) or "(no source recorded in the case graph)"


def _markdown(twinnings: tuple[TwinningFinding, ...], counts: tuple[CountFinding, ...]) -> str:
    lines = [
        "# Reconciliation: the curated cases and the world twinning lists", "",
        "Every twinning a curated case states and every curated count of a place's sister cities, "
        "set beside the world lists. Both sides are kept; nothing in the case graphs is overwritten. "
        "Findings are in the graph as `sc:Reconciliation` nodes (`id/reconciliation/…`).", "",
        "## Twinnings stated by curated sources", "",
        "| twinning | stated by | in the world lists | partners in the lists |", "|---|---|---|---:|",
    ]
    lines += [f"| {t.labels[0]}–{t.labels[1]} (`{t.twinning}`) | {_cite(t.sources)} | {t.outcome.value}"
              + (f" (`{t.listed_as}`)" if t.listed_as else "")
              + f" | {t.labels[0]}: {t.listed_partners[0]}, {t.labels[1]}: {t.listed_partners[1]} |"
              for t in twinnings]
    if not twinnings:
        lines.append("| (no curated twinning) | | | |")
    lines += ["", "## Counts of sister cities", ""]
    for c in counts:
        lines += [
            f"### {c.label}", "",
            "| claim | source | count |", "|---|---|---:|",
            f"| sister cities of {c.label} (`{c.statistic}`) | {_cite(c.sources)} | "
            f"{c.stated if c.stated is not None else 'not stated'} |",
            f"| of which active | {_cite(c.sources)} | {c.active if c.active is not None else 'not stated'} |",
            f"| partners of {c.label} in the lists (`{c.world_statistic}`) | `{WORLD_SOURCE}` | {len(c.listed)} |",
            "",
            f"Finding: {c.outcome.value}. The listed twinnings below are the ones the curated count may "
            "cover; the lists do not say which are active.", "",
            "| listed twinning | IRI |", "|---|---|",
        ]
        lines += [f"| {label} | `{iri}` |" for label, iri in c.listed]
        lines.append("")
    if not counts:
        lines.append("No curated case states a count of a place's sister cities.")
    return "\n".join(lines).rstrip("\n") + "\n"
