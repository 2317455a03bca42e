"""The term documentation (dist/docs/index.html): every term has an anchor, every internal link
lands, the page loads nothing from elsewhere, Chromium opens it without console errors, and what it
says of a term is what the build holds."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from sistercity.core.namespaces import G
from sistercity.publish.built import load_built, open_build
from sistercity.publish.docs import write_docs

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Crawler(HTMLParser):
    """Every id, every link and every element that would load something, of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.loads: list[str] = []
        self.elements: dict[str, str] = {}
        self._current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if tag in ("script", "img", "iframe", "link", "source", "video", "audio") and (
                values.get("src") or values.get("href")):
            self.loads.append(values.get("src") or values.get("href") or "")


def crawl(page: Path) -> dict[Path, Crawler]:
    """Follow every internal link from ``page`` (other files of the folder included)."""
    seen: dict[Path, Crawler] = {}
    todo = [page.resolve()]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        crawler = Crawler()
        crawler.feed(path.read_text(encoding="utf-8"))
        seen[path] = crawler
        for href in crawler.links:
            url = urlparse(href)
            if url.scheme or url.netloc:
                continue  # a link out (an external term's IRI): a click, never a fetch
            if url.path:
                todo.append((path.parent / unquote(url.path)).resolve())
    return seen


@pytest.fixture(scope="module")
def built(case_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the build of the repository's curated data (no world lists), with its documentation."""
    out = tmp_path_factory.mktemp("docs-dist") / "dist"
    shutil.copytree(case_dist, out)
    write_docs(open_build(out), load_built(out), out=out / "docs")
    return out


@pytest.fixture(scope="module")
def page(built: Path) -> Path:
    return built / "docs" / "index.html"


@pytest.fixture(scope="module")
def html(page: Path) -> str:
    return page.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def schema(built: Path) -> Graph:
    """The ontology and vocabulary graphs of the build, as rdflib reads them from the TriG."""
    from rdflib import Dataset

    data = Dataset()
    data.parse(built / "sistercity.trig", format="trig")
    graph = Graph()
    for iri in (G.ONTOLOGY, G.VOCAB):
        for triple in data.graph(iri):
            graph.add(triple)
    return graph


def own_terms(schema: Graph) -> set[URIRef]:
    modules = set(schema.subjects(RDF.type, OWL.Ontology))
    found = set()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for term in schema.subjects(RDF.type, kind):
            home = schema.value(term, RDFS.isDefinedBy)
            if isinstance(term, URIRef) and (home is None or home in modules):
                found.add(term)
    return found


def article(html: str, anchor: str) -> str:
    found = re.search(rf'<article class="term" id="{re.escape(anchor)}">(.*?)</article>', html, re.DOTALL)
    assert found, anchor
    return found.group(1)


def test_every_term_and_every_concept_has_an_anchor(page: Path, html: str, schema: Graph) -> None:
    ids = crawl(page)[page.resolve()].ids
    documented = dict((iri, anchor) for anchor, iri in re.findall(
        r'<article class="term" id="([^"]+)">\s*<h4>.*?</h4>\s*<div class="iri">([^<]+)</div>', html))
    terms = own_terms(schema)
    assert len(terms) > 150
    assert {str(t) for t in terms} <= set(documented)
    assert documented["https://w3id.org/sistercity/ontology#Twinning"] == "sc-Twinning"
    assert documented["https://w3id.org/sistercity/ext/city-diplomacy#ForeignPolicyNarrative"] == \
        "cdx-ForeignPolicyNarrative"  # a study's term
    concepts = set(schema.subjects(RDF.type, SKOS.Concept))
    schemes = set(schema.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(concepts) > 40 and len(schemes) > 10
    assert "vocab-agreement-status-active" in ids and "vocab-agreement-status" in ids
    assert len([i for i in ids if i.startswith("vocab-")]) == len(concepts) + len(schemes)


def test_no_internal_link_is_broken(page: Path) -> None:
    pages = crawl(page)
    for path, crawler in pages.items():
        for href in crawler.links:
            url = urlparse(href)
            if url.scheme or url.netloc:
                continue
            target = pages[(path.parent / unquote(url.path)).resolve()] if url.path else crawler
            assert url.fragment in target.ids, f"{path.name}: broken link {href}"
    assert sum(len(c.links) for c in pages.values()) > 1000


def test_the_page_loads_nothing_from_elsewhere(page: Path, html: str) -> None:
    assert crawl(page)[page.resolve()].loads == []
    assert "cdn" not in html.lower() and "@import" not in html


def test_a_class_shows_labels_definition_axioms_shapes_usage_and_an_example(html: str) -> None:
    twinning = article(html, "sc-Twinning")
    assert "kerja sama kota kembar (sister city)" in twinning and '<span class="lang">id</span>' in twinning
    assert "It has exactly two distinct partners." in twinning
    assert '<a href="#sc-partner"' in twinning  # in the domain of sc:partner
    assert '<a href="#cdx-framedBy"' in twinning  # a study's property whose domain it is
    assert 'href="#shape-shapes-places-TwinningPartnerCountShape"' in twinning
    assert re.search(r"instances in the build</dt>\s*<dd>\d+: case/bandung-seoul \d+", twinning)
    assert "example (case/bandung-seoul)" in twinning
    actor = article(html, "sc-Actor")
    assert 'subclass of</dt><dd><a class="ext" href="http://www.w3.org/ns/prov#Agent"' in actor
    assert '<a href="#cdx-ForeignPolicyNarrative"' in actor  # disjoint, from the study


def test_a_property_shows_domain_range_and_class_expressions(html: str) -> None:
    partner = article(html, "sc-partner")
    assert re.search(r'domain</dt><dd><a href="#sc-Twinning"', partner)
    assert re.search(r'range</dt><dd><a href="#sc-Place"', partner)
    assert "statements in the build" in partner
    union = re.findall(r'domain</dt><dd>\((.*?)\)</dd>', html)
    assert any('<a href="#sc-AdvocacyProject"' in u and " or " in u for u in union)


def test_schemes_list_their_concepts_with_labels_and_usage(html: str) -> None:
    found = re.search(r'<tr class="concept" id="vocab-agreement-status-active">(.*?)</tr>', html, re.DOTALL)
    assert found and "Aktif" in found.group(1) and "Active" in found.group(1)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (make system-deps installs it)")
def test_chromium_opens_the_page_without_console_errors(page: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
         "--virtual-time-budget=5000", "--dump-dom", f"{page.as_uri()}#sc-Twinning"],
        capture_output=True, text=True, timeout=180, check=True)
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []
    assert 'id="sc-Twinning"' in done.stdout and "Sister City KG" in done.stdout
