"""Importers: tables from other sources → places, twinnings and RDF.

``twinnings`` reads and normalises twinning lists, ``countries`` maps country names to
ISO 3166-1 codes (pycountry plus ``country_overrides.csv``), ``identity`` mints IRIs,
``geocode`` wraps the offline reverse geocoder, ``mapping`` names the columns, and
``rdf`` turns the result into triples.
"""
