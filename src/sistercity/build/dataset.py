"""Build step 1: load the ontology, vocabularies, shapes, sources and data into named graphs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Node

from sistercity.core.io import parse_rdf
from sistercity.core.namespaces import G, case_graph



@dataclass(frozen=True)
class Layout:
    """Where the inputs of a build live, relative to a project root."""

    root: Path

    @property
    def ontology_files(self) -> list[Path]:
        """The ontology header, its modules, and the modules of extensions (not their shapes)."""
        onto = self.root / "ontology"
        files = [onto / "sistercity.ttl", *sorted((onto / "modules").glob("*.ttl"))]
        return files + [p for p in self._extension_files() if not p.name.endswith(".shapes.ttl")]

    @property
    def vocab_files(self) -> list[Path]:
        """SKOS concept schemes."""
        return sorted((self.root / "ontology" / "vocab").glob("*.ttl"))

    @property
    def shape_files(self) -> list[Path]:
        """SHACL shapes of the modules and of the extensions."""
        own = sorted((self.root / "ontology" / "shapes").glob("*.shapes.ttl"))
        return own + [p for p in self._extension_files() if p.name.endswith(".shapes.ttl")]

    @property
    def source_files(self) -> list[Path]:
        """Bibliographic records (the world data set's record goes with the world graph)."""
        return sorted((self.root / "data" / "sources").glob("*.ttl"))

    @property
    def cases(self) -> dict[str, list[Path]]:
        """Curated case folders (data/cases/NAME/*.ttl), by case name."""
        base = self.root / "data" / "cases"
        return {
            folder.name: sorted(folder.glob("*.ttl"))
            for folder in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith("_"))
        } if base.exists() else {}

    def _extension_files(self) -> list[Path]:
        base = self.root / "ontology" / "extensions"
        if not base.exists():
            return []
        folders = sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith("_"))
        return [path for folder in folders for path in sorted(folder.glob("*.ttl"))]


@dataclass(frozen=True)
class LoadedDataset:
    """The named graphs read from the project's files (one rdflib Graph each), and for each
    curated subject the file it came from. The world graph is not among them: the build takes it
    as N-Triples text (see ``pipeline.py``)."""

    graphs: dict[URIRef, Graph] = field(repr=False)
    origins: Mapping[Node, Path] = field(repr=False)
    files: Mapping[URIRef, tuple[Path, ...]] = field(repr=False)
    file_stats: Mapping[Path, tuple[int, int]] = field(repr=False, default_factory=dict)

    def graph(self, iri: URIRef) -> Graph:
        """The named graph ``iri`` (created empty on first use)."""
        if iri not in self.graphs:
            self.graphs[iri] = Graph(identifier=iri)
        return self.graphs[iri]

    def union(self, iris: Iterable[URIRef]) -> Graph:
        """A new graph holding the triples of the given named graphs."""
        merged = Graph()
        for iri in iris:
            merged.addN((s, p, o, merged) for s, p, o in self.graph(iri))
        return merged

    @property
    def data_graphs(self) -> list[URIRef]:
        """The graphs that hold instance data (validated by the shapes): sources and cases."""
        return [iri for iri in self.files if iri not in (G.ONTOLOGY, G.VOCAB, G.SHAPES)]

    @property
    def curated_graphs(self) -> list[URIRef]:
        """Sources and case graphs: the hand-curated data (all the data read from files)."""
        return self.data_graphs


def load_files(graph: Graph, paths: Iterable[Path], origins: dict[Node, Path] | None = None,
               stats: dict[Path, tuple[int, int]] | None = None) -> tuple[Path, ...]:
    """Parse each file into ``graph``; note each subject's file in ``origins`` and each file's
    (triples, subjects) in ``stats``."""
    loaded = []
    for path in paths:
        part = parse_rdf(path)
        graph.addN((s, p, o, graph) for s, p, o in part)
        subjects = set(part.subjects())
        if origins is not None:
            for subject in subjects:
                origins.setdefault(subject, path)
        if stats is not None:
            stats[path] = (len(part), len(subjects))
        loaded.append(path)
    return tuple(loaded)


def load_dataset(layout: Layout) -> LoadedDataset:
    """Load every input file of ``layout`` into named graphs.

    Raises:
        RdfSyntaxError: a file does not parse (file, line and column in the message).
    """
    graphs: dict[URIRef, Graph] = {}
    origins: dict[Node, Path] = {}
    stats: dict[Path, tuple[int, int]] = {}
    files: dict[URIRef, tuple[Path, ...]] = {}

    def load(iri: URIRef, paths: Iterable[Path], track: bool = True) -> None:
        graphs[iri] = Graph(identifier=iri)
        files[iri] = load_files(graphs[iri], paths, origins if track else None, stats)

    load(G.ONTOLOGY, layout.ontology_files)
    load(G.VOCAB, layout.vocab_files)
    load(G.SHAPES, layout.shape_files, track=False)
    load(G.SOURCES, layout.source_files)
    for case, paths in layout.cases.items():
        load(case_graph(case), paths)
    return LoadedDataset(graphs=graphs, origins=origins, files=files, file_stats=stats)
