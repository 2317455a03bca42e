"""Where the world sources agree and disagree: pairs by number of sources, conflicting claims,
and pairs one source states that another, covering the same cities, lacks.

A conflict of start year: the claims of a twinning give more than one year. A conflict of kind:
they state more than one of the kinds a row can state (partnership, friendship, contact); the
kinds a whole list implies of every row (twin town, Wikidata's twinned administrative body) say
only "twinned" and contradict none. A source *covers* a pair when it lists the ties of one of the
two places (names it in its first column) and names the other place too; a covered pair the
source does not state is a pair it lacks.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

from rdflib import URIRef

from sistercity.sources.twinnings import ImportResult, Place, Twinning

# Kinds a source gives to all its rows alike (data/world/*.mapping.toml [values] kind).
LIST_KINDS = frozenset({"twin-town", "twinned-administrative-body"})
# How many findings of each kind the Markdown report shows; the CSV holds them all.
SHOWN = 25
CSV_HEADER = ["twinning", "label", "place1", "place2", "sources", "source_count", "start_years",
              "kinds", "rows", "start_conflict", "kind_conflict", "lacked_by"]


@dataclass(frozen=True)
class PairAgreement:
    """One twinning: who states it, what they say, where they disagree, who lacks it."""

    twinning: Twinning
    start_years: tuple[tuple[str, tuple[str, ...]], ...]  # source → its years
    kinds: tuple[tuple[str, tuple[str, ...]], ...]  # source → its kinds
    lacked_by: tuple[str, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        """The sources that state the pair."""
        return self.twinning.sources

    @property
    def start_conflict(self) -> bool:
        """The claims give more than one start year."""
        return len({y for _, years in self.start_years for y in years}) > 1

    @property
    def kind_conflict(self) -> bool:
        """The claims state more than one kind a row can state."""
        return len({k for _, kinds in self.kinds for k in kinds if k not in LIST_KINDS}) > 1


@dataclass(frozen=True)
class SourceAgreement:
    """The agreement of the world sources, pair by pair."""

    sources: tuple[str, ...]
    pairs: tuple[PairAgreement, ...]
    labels: dict[URIRef, str]  # place IRI → "name (CC)"

    def by_count(self) -> dict[int, int]:
        """Number of sources → pairs stated by that many."""
        counts = Counter(len(p.sources) for p in self.pairs)
        return {n: counts[n] for n in range(1, len(self.sources) + 1)}

    def by_combination(self) -> list[tuple[tuple[str, ...], int]]:
        """Each set of sources → the pairs stated by exactly that set, most first."""
        counts = Counter(tuple(sorted(p.sources, key=self.sources.index)) for p in self.pairs)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def dated(self) -> list[str]:
        """The sources that give a start year for at least one pair."""
        found = {source for p in self.pairs for source, years in p.start_years if years}
        return [s for s in self.sources if s in found]

    def kinded(self) -> list[str]:
        """The sources that state a kind of tie row by row (not one kind for the whole list)."""
        found = {source for p in self.pairs for source, kinds in p.kinds if set(kinds) - LIST_KINDS}
        return [s for s in self.sources if s in found]

    def start_conflicts(self) -> list[PairAgreement]:
        """Pairs whose claims give different start years."""
        return [p for p in self.pairs if p.start_conflict]

    def kind_conflicts(self) -> list[PairAgreement]:
        """Pairs whose claims state different kinds of tie."""
        return [p for p in self.pairs if p.kind_conflict]

    def lacking(self) -> list[tuple[str, str, int]]:
        """(stated by, lacked by, pairs): a pair one source states that another covers but lacks."""
        counts = Counter((has, lacks) for p in self.pairs for has in p.sources for lacks in p.lacked_by)
        return [(has, lacks, counts[(has, lacks)]) for has in self.sources for lacks in self.sources
                if counts[(has, lacks)]]

    def to_csv(self) -> str:
        """One row per twinning, with its sources, their claims and the findings."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for p in self.pairs:
            t = p.twinning
            writer.writerow([t.iri, t.label, self.labels[t.partners[0]], self.labels[t.partners[1]],
                             "; ".join(p.sources), len(p.sources), _per_source(p.start_years),
                             _per_source(p.kinds),
                             _rows(t),
                             str(p.start_conflict).lower(), str(p.kind_conflict).lower(),
                             "; ".join(p.lacked_by)])
        return out.getvalue()

    def to_markdown(self) -> str:
        """The report: counts, then the first findings of each kind (all of them in the CSV)."""
        lines = ["# Agreement of the world sources", "",
                 f"{len(self.pairs):,} twinnings from {len(self.sources)} sources: "
                 + ", ".join(f"`{s}`" for s in self.sources) + ". Every pair, with each source's "
                 "start years, kinds and rows, is in `world-sources.csv`; rows count from 1, header "
                 "excluded.", "",
                 "Sources that give start years: " + (", ".join(f"`{s}`" for s in self.dated()) or "none")
                 + ". Sources that give a kind per row: "
                 + (", ".join(f"`{s}`" for s in self.kinded()) or "none") + ".", "",
                 "## Pairs by number of sources", "", "| sources | pairs |", "|---:|---:|"]
        lines += [f"| {n} | {count:,} |" for n, count in self.by_count().items()]
        lines += ["", "## Pairs by the sources that state them", "", "| sources | pairs |", "|---|---:|"]
        lines += [f"| {' + '.join(combo)} | {count:,} |" for combo, count in self.by_combination()]
        for title, found, show in (
                ("Conflicting start years", self.start_conflicts(), lambda p: _per_source(p.start_years)),
                ("Conflicting kinds of tie", self.kind_conflicts(), lambda p: _per_source(p.kinds))):
            lines += ["", f"## {title}: {len(found):,}", ""]
            lines += [f"- {p.twinning.label} ({self._places(p)}): {show(p)} ({_rows(p.twinning)})"
                      for p in found[:SHOWN]]
            if len(found) > SHOWN:
                lines.append(f"- … and {len(found) - SHOWN:,} more in `world-sources.csv`")
        lines += ["", "## Pairs one source states and another lacks", "",
                  "A source covers a pair when it lists the ties of one of the two places and names "
                  "the other place too.", "", "| stated by | lacked by | pairs |", "|---|---|---:|"]
        lines += [f"| {has} | {lacks} | {n:,} |" for has, lacks, n in self.lacking()]
        lacked = [p for p in self.pairs if p.lacked_by]
        lines += ["", f"The first {min(SHOWN, len(lacked))} of {len(lacked):,}:", ""]
        lines += [f"- {p.twinning.label} ({self._places(p)}): stated by {', '.join(p.sources)}; "
                  f"lacked by {', '.join(p.lacked_by)}" for p in lacked[:SHOWN]]
        return "\n".join(lines) + "\n"

    def _places(self, pair: PairAgreement) -> str:
        return " – ".join(self.labels[iri] for iri in pair.twinning.partners)


def _rows(twinning: Twinning) -> str:
    return "; ".join(f"{c.source}={' '.join(map(str, c.rows))}" for c in twinning.claims)


def _per_source(values: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    return "; ".join(f"{source}={' '.join(items)}" for source, items in values if items)


def _lacked_by(twinning: Twinning, places: dict[URIRef, Place], sources: tuple[str, ...]) -> tuple[str, ...]:
    one, two = (places[iri] for iri in twinning.partners)
    stating = set(twinning.sources)
    return tuple(s for s in sources if s not in stating and s in one.sources and s in two.sources
                 and (s in one.listed_by or s in two.listed_by))


def source_agreement(result: ImportResult) -> SourceAgreement:
    """Compare the sources of an import pair by pair."""
    places = {p.iri: p for p in result.places}
    pairs = tuple(PairAgreement(
        t, tuple((c.source, tuple(sorted({s[:4] for s in c.starts}))) for c in t.claims),
        tuple((c.source, c.kinds) for c in t.claims), _lacked_by(t, places, result.sources))
        for t in result.twinnings)
    labels = {p.iri: f"{p.name} ({p.iso2})" for p in result.places}
    return SourceAgreement(result.sources, pairs, labels)
