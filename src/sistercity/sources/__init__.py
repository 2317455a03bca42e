"""Outside lists → RDF: column mappings, countries, gazetteer, identity, quality flags, twinning importers."""
