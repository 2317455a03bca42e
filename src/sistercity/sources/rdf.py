"""An import result → RDF triples (countries, cities, twinnings, claims, population figures).

The shape of the world graph (one twinning, many claims):

- ``sc:Twinning`` ``id/twinning/{a}--{b}``: two ``sc:partner`` places, ``sc:twinnedWith`` both
  ways, an English label, ``prov:wasDerivedFrom`` every source that states it, and
  ``schema:startDate`` / ``sc:twinningStatus`` only where all its claims agree;
- ``sc:TwinningClaim`` ``id/claim/{a}--{b}/{source}``: ``sc:claimAbout`` the twinning,
  ``prov:wasDerivedFrom`` its one source, ``sc:sourceRow`` each row, ``schema:startDate`` each
  start year, ``sc:tieKind`` each kind of tie, ``sc:claimedStatus`` each status;
- ``sc:PopulationFigure`` ``id/population/{place key}/{source}``: ``sc:populationOf``,
  ``sc:populationCount``, ``sc:referenceYear``, ``prov:wasDerivedFrom``, ``sc:sourceRow``;
- ``sc:Country``: label, code, ``sc:continent`` and ``sc:unM49Region`` (SKOS concepts).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from sistercity.core import ntriples as nt
from sistercity.core.namespaces import ID, PREFIXES, SC, SCHEMA, VOCAB, WGS84
from sistercity.sources.countries import country_label
from sistercity.sources.identity import country_iri
from sistercity.sources.regions import load_regions
from sistercity.sources.twinnings import ImportResult



class Lit(NamedTuple):
    """A literal as its lexical form, datatype IRI and language tag: formatted straight into
    N-Triples, made an rdflib Literal only when a graph is asked for (rdflib's term
    constructors cost more than the rest of the import)."""

    text: str
    datatype: str | None = None
    lang: str | None = None


Triple = tuple[URIRef, URIRef, URIRef | Lit]
_GYEAR, _DECIMAL, _NONNEG, _POS = (str(XSD.gYear), str(XSD.decimal), str(XSD.nonNegativeInteger),
                                   str(XSD.positiveInteger))


def source_iri(slug: str) -> URIRef:
    """IRI of a source record: ``id/source/{slug}``."""
    return ID[f"source/{slug}"]


def claim_iri(twinning: URIRef, source: str) -> URIRef:
    """IRI of the claim of ``source`` about a twinning: ``id/claim/{a}--{b}/{source}``."""
    return ID[f"claim/{str(twinning).rsplit('/', 1)[1]}/{source}"]


def population_iri(place_key: str, source: str) -> URIRef:
    """IRI of the population figure a source gives for a place: ``id/population/{key}/{source}``."""
    return ID[f"population/{place_key}/{source}"]


def _date(value: str) -> Lit:
    kind = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Lit(value, str(kind))


def world_triples(result: ImportResult, *, source: URIRef | None = None) -> Iterator[Triple]:
    """Yield the triples of every country, place, twinning, claim and population figure.

    Cities carry label, alternative labels (the other names the sources give them), country,
    WGS84 coordinates (xsd:decimal), every source naming them and the first row of the source
    whose name they carry. ``source`` names the one source of a single-list result whose
    ``sources`` are not recorded.
    """
    # Terms and repeated literals are made once: rdflib's term constructors dominate the cost.
    a, label, derived, row = RDF.type, RDFS.label, PROV.wasDerivedFrom, SC.sourceRow
    city, twinning, partner, twinned = SC.City, SC.Twinning, SC.partner, SC.twinnedWith
    in_country, lat, long = SC.inCountry, WGS84.lat, WGS84.long
    slugs = result.sources or ((str(source).rsplit("/", 1)[1],) if source is not None else ("world-twin-cities",))
    sources = {slug: source_iri(slug) for slug in slugs}
    countries = {iso2: country_iri(iso2) for iso2 in result.countries}
    rows = [Lit(str(n), _POS) for n in range(result.max_row + 1)]
    regions = load_regions()
    country_location = Lit("the country columns, normalised to ISO 3166-1 (see world-quality.md)")
    first_source = next(iter(sources.values()))
    for iso2, node in countries.items():
        yield node, a, SC.Country
        yield node, label, Lit(country_label(iso2), None, "en")
        yield node, SC.countryCode, Lit(iso2)
        yield node, derived, first_source
        yield node, SC.sourceLocation, country_location
        where = regions.get(iso2)
        if where is not None:
            yield node, SC.continent, VOCAB[f"continent/{where.continent}"]
            yield node, SC.unM49Region, VOCAB[f"un-subregion/{where.m49_subregion}"]
    for place in result.places:
        of = sources.get(place.source, first_source)
        if place.is_country:  # a territory partner: the country node above, plus its source
            yield place.iri, derived, of
            yield place.iri, row, rows[place.first_row]
            continue
        yield place.iri, a, city
        # The Wikipedia lists are English Wikipedia's: their names are English labels (as in
        # DBpedia); the German list and Wikidata's labels are kept as the sources give them.
        yield place.iri, label, Lit(place.name, None, place.language or None)
        for other in place.alt_names:
            yield place.iri, SKOS.altLabel, Lit(other)
        yield place.iri, in_country, countries[place.iso2]
        if place.point is not None:
            yield place.iri, lat, Lit(nt.decimal_lexical(place.point[0]), _DECIMAL)
            yield place.iri, long, Lit(nt.decimal_lexical(place.point[1]), _DECIMAL)
        for slug in place.sources or (place.source,):
            yield place.iri, derived, sources.get(slug, first_source)
        yield place.iri, row, rows[place.first_row]
        for figure in place.populations:
            node = population_iri(place.key, figure.source)
            yield node, a, SC.PopulationFigure
            yield node, label, Lit(f"population of {place.name} ({figure.source})", None, "en")
            yield node, SC.populationOf, place.iri
            yield node, SC.populationCount, Lit(str(figure.value), _NONNEG)
            if figure.year:
                yield node, SC.referenceYear, Lit(figure.year, _POS)
            yield node, derived, sources[figure.source]
            yield node, row, rows[figure.row]
    for twin in result.twinnings:
        one, two = twin.partners
        yield twin.iri, a, twinning
        yield twin.iri, partner, one
        yield twin.iri, partner, two
        yield one, twinned, two
        yield two, twinned, one
        yield twin.iri, label, Lit(twin.label, None, "en")
        # located by its claims (one per source, with that source's rows): no locator of its own
        if twin.start:
            yield twin.iri, SCHEMA.startDate, _date(twin.start)
        if twin.status:
            yield twin.iri, SC.twinningStatus, VOCAB[f"agreement-status/{twin.status}"]
        for claim in twin.claims:
            of = sources.get(claim.source, first_source)
            yield twin.iri, derived, of
            node = claim_iri(twin.iri, claim.source)
            yield node, a, SC.TwinningClaim
            yield node, SC.claimAbout, twin.iri
            yield node, derived, of
            for number in claim.rows:
                yield node, row, rows[number]
            for start in claim.starts:
                yield node, SCHEMA.startDate, _date(start)
            for kind in claim.kinds:
                yield node, SC.tieKind, VOCAB[f"tie-kind/{kind}"]
            for status in claim.statuses:
                yield node, SC.claimedStatus, VOCAB[f"agreement-status/{status}"]


def world_graph(result: ImportResult, *, source: URIRef | None = None, into: Graph | None = None) -> Graph:
    """Add the triples of ``result`` to ``into`` (a new graph by default) with one ``addN`` call."""
    graph = into if into is not None else Graph()
    for prefix, namespace in PREFIXES.items():  # sc:, id:, … in any Turtle written from it
        graph.bind(prefix, namespace, override=True, replace=True)
    made: dict[Lit, Literal] = {}

    def rdf(o: URIRef | Lit) -> URIRef | Literal:
        if not isinstance(o, Lit):
            return o
        term = made.get(o)
        if term is None:
            term = made[o] = Literal(o.text, datatype=URIRef(o.datatype) if o.datatype else None,
                                     lang=o.lang)
        return term

    graph.addN((s, p, rdf(o), graph) for s, p, o in world_triples(result, source=source))
    return graph


def world_ntriples(result: ImportResult, *, source: URIRef | None = None) -> str:
    """The same triples as ``world_triples`` as N-Triples text (for a pyoxigraph bulk load)."""
    iris: dict[str, str] = {}
    out = []
    for s, p, o in world_triples(result, source=source):
        subject = iris.get(s) or iris.setdefault(s, f"<{s}>")
        predicate = iris.get(p) or iris.setdefault(p, f"<{p}>")
        if isinstance(o, Lit):
            obj = nt.literal(o.text, datatype=o.datatype, lang=o.lang)
        else:
            obj = iris.get(o) or iris.setdefault(o, f"<{o}>")
        out.append(f"{subject} {predicate} {obj} .\n")
    return "".join(out)
