"""The import graph of `bot/` and `admin/`, read from the source, and what the layers allow.

Layers, inner to outer (DESIGN.md): an inner layer never imports an outer one, and no
packages import each other in a circle, within a layer or across. Every package and
top-level module must be placed in a layer, so a new one is placed deliberately.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("spec kernel", frozenset({"bot.spec"})),
    ("engine", frozenset({"bot.engine"})),
    ("domain kernel", frozenset({"bot.storage", "bot.outbox", "bot.i18n", "bot.domain"})),
    (
        "capabilities",
        frozenset(
            {
                "bot.risk",
                "bot.directory",
                "bot.escalation",
                "bot.scheduling",
                "bot.library",
                "bot.content",
                "bot.translations",
            }
        ),
    ),
    ("application", frozenset({"bot.app"})),
    (
        "adapters",
        frozenset(
            {
                "bot.telegram",
                "bot.sandbox",
                "bot.jobs",
                "bot.cli",
                "bot.runtime",
                "bot.staff_tools",
                "bot.content_tools",
                "bot.config",
                "bot.logs",
                "bot.bench",
                "bot.__main__",
                "admin",
            }
        ),
    ),
)
RANK: dict[str, int] = {unit: rank for rank, (_, units) in enumerate(LAYERS) for unit in units}
LAYER_NAME: dict[str, str] = {unit: name for name, units in LAYERS for unit in units}


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    where: str  # file:line of the import

    def __str__(self) -> str:
        return f"{self.where}: {self.source} ({LAYER_NAME.get(self.source, '?')}) imports " + (
            f"{self.target} ({LAYER_NAME.get(self.target, '?')})"
        )


def sources(root: Path = ROOT) -> dict[str, str]:
    """Every Python file of `bot/` and `admin/`, by path relative to the repository."""
    return {
        str(path.relative_to(root)): path.read_text(encoding="utf-8")
        for top in ("bot", "admin")
        for path in sorted((root / top).rglob("*.py"))
    }


def module_of(path: str) -> str:
    parts = list(Path(path).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def unit_of(module: str) -> str | None:
    """`bot.engine.model` -> `bot.engine`; `admin.app` -> `admin`; other libraries -> None."""
    parts = module.split(".")
    if parts[0] == "admin":
        return "admin"
    if parts[0] != "bot":
        return None
    return ".".join(parts[:2])


def edges(files: Mapping[str, str]) -> list[Edge]:
    """One edge per import of another unit, with relative imports resolved."""
    found: list[Edge] = []
    for path, text in files.items():
        module = module_of(path)
        source = unit_of(module)
        package = module if path.endswith("__init__.py") else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(text, filename=path)):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for target in _imported(node, package):
                unit = unit_of(target)
                if unit is not None and source is not None and unit != source:
                    found.append(Edge(source, unit, f"{path}:{node.lineno}"))
    return found


def _imported(node: ast.Import | ast.ImportFrom, package: str) -> Iterable[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        anchor = package.split(".")
        anchor = anchor[: len(anchor) - (node.level - 1)]
        base = ".".join([*anchor, *([base] if base else [])])
    # `from bot import spec` imports the unit `bot.spec`.
    return [f"{base}.{alias.name}" for alias in node.names] if base == "bot" else [base]


def unplaced(files: Mapping[str, str]) -> list[str]:
    units = {unit_of(module_of(path)) for path in files}
    return sorted(unit for unit in units if unit is not None and unit != "bot" and unit not in RANK)


def outward(found: Iterable[Edge]) -> list[str]:
    return [
        str(edge)
        for edge in found
        if edge.source in RANK and edge.target in RANK and RANK[edge.target] > RANK[edge.source]
    ]


def cycles(found: Iterable[Edge]) -> list[list[str]]:
    """Groups of units that reach each other through imports (Tarjan's algorithm)."""
    graph: dict[str, set[str]] = {}
    for edge in found:
        graph.setdefault(edge.source, set()).add(edge.target)
        graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups
