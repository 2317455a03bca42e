"""The package's stages import one way only: cli > publish > build > analysis > sources > core."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "sistercity"
ORDER = ("cli", "publish", "build", "analysis", "sources", "core")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every sistercity module ``path`` imports: at module level, in functions, under TYPE_CHECKING."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("sistercity")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("sistercity"):
                found.add(target)
                found |= {f"{target}.{a.name}" for a in node.names}
    modules = {_module_name(p) for p in PACKAGE.rglob("*.py")}
    return {m for m in found if m in modules and m != name}


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ORDER else None


def _graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for path in PACKAGE.rglob("*.py"):
        source = _module_name(path)
        graph.add_node(source)
        for target in _imports(path):
            if target.startswith(source + ".") or source.startswith(target + "."):
                continue  # a package and its own modules
            graph.add_edge(source, target)
    return graph


def test_every_module_lives_in_a_stage_package() -> None:
    loose = sorted(m for m in _graph() if m.count(".") == 1 and _stage(m) is None
                   and m not in ("sistercity.__main__",))
    assert loose == [], f"modules outside the stage packages: {loose}"


def test_imports_run_down_the_stages_only() -> None:
    upward = []
    for source, target in _graph().edges:
        a, b = _stage(source), _stage(target)
        if a and b and ORDER.index(b) < ORDER.index(a):
            upward.append(f"{source} imports {target}")
    assert upward == [], "imports against the stage order:\n" + "\n".join(sorted(upward))


def test_no_import_circle() -> None:
    cycles = list(nx.simple_cycles(_graph()))
    assert cycles == [], f"import circles: {cycles}"


def test_the_check_sees_imports_of_every_kind() -> None:
    pipeline = _imports(PACKAGE / "build" / "pipeline.py")
    assert "sistercity.build.report" in pipeline  # module level
    assert "sistercity.analysis.network" in pipeline  # inside a function / TYPE_CHECKING
