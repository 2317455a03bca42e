"""The world step's files in dist/: quality report, network tables and figures, reconciliation."""

from __future__ import annotations

from pathlib import Path

from sistercity.analysis.agreement import source_agreement
from sistercity.analysis.network import Analytics
from sistercity.core.io import write_text
from sistercity.sources.world import WorldBuild


def write_world_outputs(dist: Path, build: WorldBuild, analytics: Analytics | None = None,
                        reconciliation_markdown: str | None = None) -> list[Path]:
    """Write the quality report, analytics tables and reconciliation report into ``dist``.

    Files: world-quality.md, world-quality.csv, world-places.csv, world-twinning-distances.csv,
    world-country-pairs.csv, world-network.md, world-sources.md, world-sources.csv,
    reconciliation.md (each written atomically).
    """
    agreement = source_agreement(build.result)
    files = {"world-quality.md": build.quality.to_markdown(), "world-quality.csv": build.quality.to_csv(),
             "world-sources.md": agreement.to_markdown(), "world-sources.csv": agreement.to_csv()}
    if analytics is not None:
        files.update(analytics.csv_tables())
        files["world-network.md"] = (
            "# World twinning network\n\nEvery sc:Twinning of the graph: the world lists and the "
            "curated cases (figures also in the `analytics` named graph).\n\n") + "".join(
            f"- {key.replace('_', ' ')}: {value}\n" for key, value in analytics.figures.items()) + analytics.markdown
    if reconciliation_markdown is not None:
        files["reconciliation.md"] = reconciliation_markdown
    written = []
    for name, text in files.items():
        write_text(dist / name, text)
        written.append(dist / name)
    return written
