"""The risk package is part of the pure core: no I/O but reading its files, no clock."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.engine.test_purity import CLOCK_CALLS, FORBIDDEN, imported_modules

RISK = Path(__file__).resolve().parents[2] / "bot" / "risk"
MODULES = sorted(RISK.glob("*.py"))
LAYER = ("bot.engine", "bot.instruments", "bot.risk", "bot.severity")


def test_risk_imports_no_io_and_no_outer_layer() -> None:
    offenders = [
        f"{path.name} imports {module}"
        for path in MODULES
        for module in imported_modules(ast.parse(path.read_text(encoding="utf-8")))
        if module.split(".")[0] in FORBIDDEN
        or (module.split(".")[0] == "bot" and not module.startswith(LAYER))
    ]
    assert offenders == []


def test_only_the_loader_touches_files_and_nothing_reads_the_clock() -> None:
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if path.name != "loader.py":
            assert "pathlib" not in imported_modules(tree), path.name
        clock = [
            n.lineno
            for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and n.attr in CLOCK_CALLS
        ]
        assert clock == [], path.name
