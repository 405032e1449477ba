"""The engine is a pure core: it imports nothing that does I/O or reads the clock.

The engine layer is `bot/engine` plus `bot/instruments` (scoring), which it calls, and the
crisis contacts (`bot/escalation/contacts.py`), which `qadam flows check` reads.
"""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"
ENGINE = BOT / "engine"
LAYER = (
    "bot.engine",
    "bot.instruments",
    "bot.risk",
    "bot.escalation.contacts",
    "bot.severity",
)
MODULES = sorted(
    [
        *ENGINE.glob("*.py"),
        *(BOT / "instruments").glob("*.py"),
        *(BOT / "risk").glob("*.py"),
        BOT / "escalation" / "__init__.py",
        BOT / "escalation" / "contacts.py",
        BOT / "severity.py",
    ]
)
FORBIDDEN = frozenset(
    {
        "aiogram",
        "aiohttp",
        "aiosqlite",
        "alembic",
        "apscheduler",
        "asyncio",
        "asyncpg",
        "http",
        "httpx",
        "multiprocessing",
        "os",
        "random",
        "redis",
        "requests",
        "secrets",
        "shutil",
        "socket",
        "sqlalchemy",
        "ssl",
        "subprocess",
        "threading",
        "time",
        "urllib",
        "uuid",
    }
)
CLOCK_CALLS = frozenset({"now", "utcnow", "today"})


def imported_modules(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_engine_imports_no_io_and_no_outer_layer() -> None:
    offenders: list[str] = []
    for path in MODULES:
        for module in imported_modules(ast.parse(path.read_text(encoding="utf-8"))):
            top = module.split(".")[0]
            outer = top == "bot" and not module.startswith(LAYER)
            if top in FORBIDDEN or outer:
                offenders.append(f"{path.name} imports {module}")
    assert offenders == []


def test_engine_never_reads_the_clock() -> None:
    offenders = [
        f"{path.name}:{node.lineno}"
        for path in MODULES
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr in CLOCK_CALLS
    ]
    assert offenders == []


def test_the_walk_sees_every_module() -> None:
    names = {f"{path.parent.name}.{path.stem}" for path in MODULES}
    assert {
        "engine.interpreter",
        "engine.loader",
        "engine.lint",
        "engine.model",
        "engine.conditions",
        "instruments.model",
        "instruments.scoring",
        "escalation.contacts",
    } <= names
