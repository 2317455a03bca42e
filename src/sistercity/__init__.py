"""Sister City KG: a knowledge graph of sister-city relations and the policy cooperation they carry."""

__version__ = "0.1.0"
