"""An import result → RDF triples (sc:City, sc:Country, sc:Twinning), added to a graph in bulk."""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from sistercity.core import ntriples as nt
from sistercity.core.namespaces import ID, PREFIXES, SC, SCHEMA, VOCAB, WGS84
from sistercity.sources.countries import country_label
from sistercity.sources.identity import country_iri
from sistercity.sources.twinnings import ImportResult

Triple = tuple[URIRef, URIRef, URIRef | Literal]


def source_iri(slug: str) -> URIRef:
    """IRI of a source record: ``id/source/{slug}``."""
    return ID[f"source/{slug}"]


def world_triples(result: ImportResult, *, source: URIRef) -> Iterator[Triple]:
    """Yield the triples of every country, place and twinning of ``result``.

    Cities carry label, country, WGS84 coordinates (xsd:decimal), their source and the first
    row naming them; twinnings carry their two partners, the symmetric ``sc:twinnedWith``
    shortcut in both directions, a label "A – B", their source and every row listing them.
    """
    # Terms and repeated literals are made once: rdflib's term constructors dominate the cost.
    a, label, derived, row = RDF.type, RDFS.label, PROV.wasDerivedFrom, SC.sourceRow
    city, twinning, partner, twinned = SC.City, SC.Twinning, SC.partner, SC.twinnedWith
    in_country, lat, long = SC.inCountry, WGS84.lat, WGS84.long
    countries = {iso2: country_iri(iso2) for iso2 in result.countries}
    rows = [Literal(n, datatype=XSD.positiveInteger) for n in range(result.max_row + 1)]
    country_location = Literal("the country columns, normalised to ISO 3166-1 (see world-quality.md)")
    for iso2, node in countries.items():
        yield node, a, SC.Country
        yield node, label, Literal(country_label(iso2), lang="en")
        yield node, SC.countryCode, Literal(iso2)
        yield node, derived, source
        yield node, SC.sourceLocation, country_location
    for place in result.places:
        if place.is_country:  # a territory partner: the country node above, plus its source
            yield place.iri, derived, source
            yield place.iri, row, rows[place.first_row]
            continue
        yield place.iri, a, city
        # The lists are English Wikipedia's: their names are the English labels (as in DBpedia).
        yield place.iri, label, Literal(place.name, lang="en")
        yield place.iri, in_country, countries[place.iso2]
        if place.point is not None:
            yield place.iri, lat, Literal(place.point[0], datatype=XSD.decimal)
            yield place.iri, long, Literal(place.point[1], datatype=XSD.decimal)
        yield place.iri, derived, source
        yield place.iri, row, rows[place.first_row]
    for twin in result.twinnings:
        one, two = twin.partners
        yield twin.iri, a, twinning
        yield twin.iri, partner, one
        yield twin.iri, partner, two
        yield one, twinned, two
        yield two, twinned, one
        yield twin.iri, label, Literal(twin.label, lang="en")
        yield twin.iri, derived, source
        for number in twin.rows:
            yield twin.iri, row, rows[number]
        if twin.start:
            kind = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(twin.start), XSD.date)
            yield twin.iri, SCHEMA.startDate, Literal(twin.start, datatype=kind)
        if twin.status:
            yield twin.iri, SC.twinningStatus, VOCAB[f"agreement-status/{twin.status}"]


def world_graph(result: ImportResult, *, source: URIRef, into: Graph | None = None) -> Graph:
    """Add the triples of ``result`` to ``into`` (a new graph by default) with one ``addN`` call."""
    graph = into if into is not None else Graph()
    for prefix, namespace in PREFIXES.items():  # sc:, id:, … in any Turtle written from it
        graph.bind(prefix, namespace, override=True, replace=True)
    graph.addN((s, p, o, graph) for s, p, o in world_triples(result, source=source))
    return graph


def world_ntriples(result: ImportResult, *, source: URIRef) -> str:
    """The same triples as ``world_triples`` as N-Triples text (for a pyoxigraph bulk load)."""
    return nt.lines(world_triples(result, source=source))
