"""Build step 1: load the ontology, vocabularies, shapes, sources and data into named graphs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Node

from sistercity.build.locate import Origins
from sistercity.build.study import Study
from sistercity.core.errors import StudyError
from sistercity.core.io import parse_rdf
from sistercity.core.namespaces import G, case_graph


@dataclass(frozen=True)
class Layout:
    """Where the inputs of a build live, relative to a project root."""

    root: Path
    studies: tuple[Study, ...] = ()

    @property
    def core_ontology_files(self) -> list[Path]:
        """The ontology header and the core's modules."""
        onto = self.root / "ontology"
        return [onto / "sistercity.ttl", *sorted((onto / "modules").glob("*.ttl"))]

    @property
    def ontology_files(self) -> list[Path]:
        """The core's modules, the modules of extensions and of studies (not their shapes)."""
        return (self.core_ontology_files
                + [p for p in self._extension_files() if not p.name.endswith(".shapes.ttl")]
                + [p for study in self.studies for p in study.module_files])

    @property
    def vocab_files(self) -> list[Path]:
        """SKOS concept schemes."""
        return sorted((self.root / "ontology" / "vocab").glob("*.ttl"))

    @property
    def shape_files(self) -> list[Path]:
        """SHACL shapes of the modules and of the extensions."""
        own = sorted((self.root / "ontology" / "shapes").glob("*.shapes.ttl"))
        return (own + [p for p in self._extension_files() if p.name.endswith(".shapes.ttl")]
                + [p for study in self.studies for p in study.shape_files]
                # a core case's own shapes (its framework, e.g. Smart LBEG), beside its data
                + sorted((self.root / "data" / "cases").glob("*/*.shapes.ttl")))

    @property
    def source_files(self) -> list[Path]:
        """Bibliographic records of the core and of the studies (the world data set's record goes
        with the world graph)."""
        return (sorted((self.root / "data" / "sources").glob("*.ttl"))
                + [p for study in self.studies for p in study.source_files])

    @property
    def cases(self) -> dict[str, list[Path]]:
        """Curated case folders (data/cases/NAME/*.ttl) and the studies' cases, by case name.

        Raises:
            StudyError: a study's slug is also the name of a folder in data/cases/.
        """
        base = self.root / "data" / "cases"
        cases = {
            folder.name: sorted(p for p in folder.glob("*.ttl") if not p.name.endswith(".shapes.ttl"))
            for folder in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith("_"))
        } if base.exists() else {}
        for study in self.studies:
            if study.slug in cases:
                raise StudyError(f"{study.toml}: slug {study.slug!r} is also the case folder "
                                 f"{base / study.slug}: rename the study's slug.")
            cases[study.slug] = study.case_files
        return cases

    @property
    def module_folders(self) -> list[Path]:
        """Folders whose .ttl files are loaded as modules and shapes (for the file-name checks)."""
        return self.extension_folders + [study.folder / "module" for study in self.studies]

    @property
    def extension_folders(self) -> list[Path]:
        """The folders of ontology/extensions/ that a build loads (not those starting with _)."""
        base = self.root / "ontology" / "extensions"
        if not base.exists():
            return []
        return sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith("_"))

    def _extension_files(self) -> list[Path]:
        return [path for folder in self.extension_folders for path in sorted(folder.glob("*.ttl"))]


@dataclass(frozen=True)
class LoadedDataset:
    """The named graphs read from the project's files (one rdflib Graph each), and for each
    curated subject the file it came from. The world graph is not among them: the build takes it
    as N-Triples text (see ``pipeline.py``)."""

    graphs: dict[URIRef, Graph] = field(repr=False)
    origins: Mapping[Node, Path] = field(repr=False)
    files: Mapping[URIRef, tuple[Path, ...]] = field(repr=False)
    file_stats: Mapping[Path, tuple[int, int]] = field(repr=False, default_factory=dict)
    located: Origins = field(repr=False, default_factory=Origins)  # every triple's file
    parts: Mapping[Path, Graph] = field(repr=False, default_factory=dict)  # each file's triples
    studies: tuple[Study, ...] = ()
    root: Path | None = None

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

    def modules(self) -> list[dict[str, str | None]]:
        """Every OWL module loaded (core, ontology/extensions/, studies): its owl:Ontology IRI,
        title, file (relative to the root when inside it) and study slug (None for the core's)."""
        from rdflib.namespace import DCTERMS, OWL, RDF

        from sistercity.build.study import relative

        modules: list[dict[str, str | None]] = []
        for path in self.files.get(G.ONTOLOGY, ()):
            part = self.parts.get(path)
            if part is None:
                continue
            owner = next((s.slug for s in self.studies if path.resolve().is_relative_to(s.folder)), None)
            for iri in sorted(part.subjects(RDF.type, OWL.Ontology), key=str):
                title = part.value(iri, DCTERMS.title)
                modules.append({"iri": str(iri), "title": str(title) if title is not None else "",
                                "file": relative(path, self.root) if self.root else str(path),
                                "study": owner})
        return modules

    @property
    def data_graphs(self) -> list[URIRef]:
        """The graphs that hold instance data (validated by the shapes): sources and cases."""
        return [iri for iri in self.files if iri not in (G.ONTOLOGY, G.VOCAB, G.SHAPES)]

    @property
    def curated_graphs(self) -> list[URIRef]:
        """Sources and case graphs: the hand-curated data (all the data read from files)."""
        return self.data_graphs


def load_files(graph: Graph, paths: Iterable[Path], origins: dict[Node, Path] | None = None,
               stats: dict[Path, tuple[int, int]] | None = None, *, located: Origins | None = None,
               parts: dict[Path, Graph] | None = None) -> tuple[Path, ...]:
    """Parse each file into ``graph``; note each subject's file in ``origins``, each triple's in
    ``located``, each file's (triples, subjects) in ``stats`` and its own graph in ``parts``."""
    loaded = []
    for path in paths:
        part = parse_rdf(path)
        graph.addN((s, p, o, graph) for s, p, o in part)
        subjects = set(part.subjects())
        if origins is not None:
            for subject in subjects:
                origins.setdefault(subject, path)
        if located is not None:
            located.add(part, path)
        if stats is not None:
            stats[path] = (len(part), len(subjects))
        if parts is not None:
            parts[path] = part
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
    located = Origins()
    parts: dict[Path, Graph] = {}

    def load(iri: URIRef, paths: Iterable[Path], track: bool = True) -> None:
        graphs[iri] = Graph(identifier=iri)
        files[iri] = load_files(graphs[iri], paths, origins if track else None, stats,
                                located=located if track else None, parts=parts)

    load(G.ONTOLOGY, layout.ontology_files)
    load(G.VOCAB, layout.vocab_files)
    load(G.SHAPES, layout.shape_files, track=False)
    load(G.SOURCES, layout.source_files)
    for case, paths in layout.cases.items():
        load(case_graph(case), paths)
    return LoadedDataset(graphs=graphs, origins=origins, files=files, file_stats=stats,
                         located=located, parts=parts, studies=layout.studies, root=layout.root)
