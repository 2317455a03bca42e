"""Build step 1: load the ontology, vocabularies, shapes, sources and data into named graphs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from .io import parse_rdf
from .namespaces import GRAPH

ONTOLOGY = GRAPH["ontology"]
VOCAB = GRAPH["vocab"]
SHAPES = GRAPH["shapes"]
SOURCES = GRAPH["sources"]
WORLD = GRAPH["world"]
ANALYTICS = GRAPH["analytics"]
INFERRED = GRAPH["inferred"]


def case_graph_iri(case: str) -> URIRef:
    """The named graph of one curated case folder under data/cases/."""
    return GRAPH[f"case/{case}"]


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
        """Bibliographic records, including the world data set's provenance record."""
        files = sorted((self.root / "data" / "sources").glob("*.ttl"))
        world_source = self.root / "data" / "world" / "source.ttl"
        return files + ([world_source] if world_source.exists() else [])

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
    """The named graphs of a build, and for each curated subject the file it came from."""

    dataset: Dataset
    origins: Mapping[Node, Path] = field(repr=False)
    files: Mapping[URIRef, tuple[Path, ...]] = field(repr=False)
    file_stats: Mapping[Path, tuple[int, int]] = field(repr=False, default_factory=dict)

    def graph(self, iri: URIRef) -> Graph:
        """The named graph ``iri`` (live view into the dataset)."""
        return self.dataset.graph(iri)

    def union(self, iris: Iterable[URIRef]) -> Graph:
        """A new graph holding the triples of the given named graphs."""
        merged = Graph()
        for prefix, ns in self.dataset.namespaces():
            merged.bind(prefix, ns, replace=True)
        for iri in iris:
            merged.addN((s, p, o, merged) for s, p, o in self.dataset.graph(iri))
        return merged

    @property
    def data_graphs(self) -> list[URIRef]:
        """The graphs that hold instance data (validated by the shapes)."""
        return [iri for iri in self.files if iri not in (ONTOLOGY, VOCAB, SHAPES)] + (
            [WORLD] if (None, None, None, WORLD) in self.dataset else [])


def load_files(dataset: Dataset, iri: URIRef, paths: Iterable[Path],
               origins: dict[Node, Path] | None = None,
               stats: dict[Path, tuple[int, int]] | None = None) -> tuple[Path, ...]:
    """Parse each file into the named graph ``iri``; note each subject's file in ``origins`` and
    each file's (triples, subjects) in ``stats``."""
    target = dataset.graph(iri)
    loaded = []
    for path in paths:
        part = parse_rdf(path)
        for prefix, ns in part.namespaces():
            dataset.bind(prefix, ns, override=False)
        target.addN((s, p, o, target) for s, p, o in part)
        subjects = set(part.subjects())
        if origins is not None:
            for subject in subjects:
                origins.setdefault(subject, path)
        if stats is not None:
            stats[path] = (len(part), len(subjects))
        loaded.append(path)
    return tuple(loaded)


def load_dataset(layout: Layout, *, world: Graph | None = None) -> LoadedDataset:
    """Load every input of ``layout`` into a new Dataset of named graphs.

    Args:
        layout: where the inputs are.
        world: the imported world twinning graph, added as the ``world`` named graph.

    Raises:
        RdfSyntaxError: a file does not parse (file, line and column in the message).
    """
    dataset = Dataset()
    origins: dict[Node, Path] = {}
    stats: dict[Path, tuple[int, int]] = {}
    files: dict[URIRef, tuple[Path, ...]] = {
        ONTOLOGY: load_files(dataset, ONTOLOGY, layout.ontology_files, origins, stats),
        VOCAB: load_files(dataset, VOCAB, layout.vocab_files, origins, stats),
        SHAPES: load_files(dataset, SHAPES, layout.shape_files, None, stats),
        SOURCES: load_files(dataset, SOURCES, layout.source_files, origins, stats),
    }
    for case, paths in layout.cases.items():
        files[case_graph_iri(case)] = load_files(dataset, case_graph_iri(case), paths, origins, stats)
    if world is not None:
        target = dataset.graph(WORLD)
        target.addN((s, p, o, target) for s, p, o in world)
        for prefix, ns in world.namespaces():
            dataset.bind(prefix, ns, override=False)
    return LoadedDataset(dataset=dataset, origins=origins, files=files, file_stats=stats)
