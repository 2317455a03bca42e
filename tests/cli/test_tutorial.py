"""The tutorial ontology/extensions/README.md, run as a scholar would: every command of it, in order.

``sh`` blocks must run without error; in a ``console`` block each ``$ command`` is run, must exit
with the status its ``# exits N`` comment gives (0 without one), and its output must hold each
line shown below it. The commands run in a scratch copy of the project, from its root, with the
study in a folder beside it, as the tutorial says.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .conftest import ROOT, copy_project

TUTORIAL = ROOT / "ontology" / "extensions" / "README.md"
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
_EXITS = re.compile(r"\s+# exits (\d+)$")


@dataclass
class Step:
    """One command of the tutorial, the exit status it promises and output it shows."""

    command: str
    line: int
    status: int = 0
    shown: list[str] = field(default_factory=list)


def steps(text: str) -> list[Step]:
    """Every command of the tutorial in order: a whole ``sh`` block is one step."""
    found: list[Step] = []
    for match in _FENCE.finditer(text):
        language, body = match.group(1), match.group(2)
        line = text.count("\n", 0, match.start()) + 2
        if language == "sh":
            found.append(Step(body, line))
        elif language == "console":
            for offset, row in enumerate(body.splitlines()):
                if row.startswith("$ "):
                    command = row[2:]
                    exits = _EXITS.search(command)
                    found.append(Step(_EXITS.sub("", command), line + offset,
                                      int(exits.group(1)) if exits else 0))
                elif row.strip():
                    found[-1].shown.append(row.strip())
    return found


def test_every_code_block_of_the_tutorial_is_run() -> None:
    """No command hides in a block this test would skip."""
    languages = [m.group(1) for m in _FENCE.finditer(TUTORIAL.read_text(encoding="utf-8"))]
    assert set(languages) <= {"sh", "console"}, languages
    assert languages.count("sh") >= 6 and languages.count("console") >= 3


def test_the_tutorial_runs_as_written(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    env = {**os.environ, "SISTERCITY_ROOT": str(project),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("SISTERCITY_CACHE", None)
    for step in steps(TUTORIAL.read_text(encoding="utf-8")):
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", step.command], cwd=project, env=env,
                              capture_output=True, text=True, timeout=600)
        output = done.stdout + done.stderr
        where = f"{TUTORIAL.name}:{step.line}: {step.command[:200]!r}\n{output[-3000:]}"
        assert done.returncode == step.status, where
        for shown in step.shown:
            assert shown in output, f"{shown!r} not in the output of {where}"
        if "GROUP_CONCAT" in step.command:  # the study's own question, answered per source
            answer = (project / "principles.csv").read_text(encoding="utf-8")
            assert answer.count("principle of similarities") == 3, answer
            for source in ("seed article", "Kartini, 2014", "Ogawa, 2012"):
                assert source.lower() in answer.lower(), (source, answer)
            # GROUP_CONCAT leaves the order of the aspects to the store
            for line in answer.splitlines()[1:]:
                aspects = next(csv.reader([line]))[-1]
                assert set(aspects.split("; ")) == {"demographic conditions", "the problems the cities face"}, answer
    exported = project / "dist" / "exports"
    assert "principle/similarities" in (exported / "case-twinning-rationales.gexf").read_text(encoding="utf-8")
    assert "principle of similarities" in (project / "rationales.graphml").read_text(encoding="utf-8")
