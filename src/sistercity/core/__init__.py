"""Foundations every stage uses: namespaces and graph IRIs, errors, atomic I/O, paths, N-Triples, geometry."""
