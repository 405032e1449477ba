"""The pure core (the spec kernel, the engine and the risk rules) does no I/O and reads no
clock: the clock and ids are passed in. Which packages are pure comes from the layers."""

from __future__ import annotations

import ast

from tests.architecture.layers import module_of, sources, unit_of

PURE = frozenset({"bot.spec", "bot.engine", "bot.risk"})
# The one clock of the bot, passed to everything else.
CLOCK_MODULE = "bot.spec.clock"
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
PURE_FILES = {
    path: ast.parse(text) for path, text in sources().items() if unit_of(module_of(path)) in PURE
}


def imported_modules(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_the_pure_core_imports_nothing_that_does_io() -> None:
    offenders = [
        f"{path} imports {module}"
        for path, tree in PURE_FILES.items()
        for module in imported_modules(tree)
        if module.split(".")[0] in FORBIDDEN
    ]
    assert offenders == []


def test_the_pure_core_never_reads_the_clock() -> None:
    offenders = [
        f"{path}:{node.lineno}"
        for path, tree in PURE_FILES.items()
        if module_of(path) != CLOCK_MODULE
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in CLOCK_CALLS
    ]
    assert offenders == []


def test_in_risk_only_the_loader_touches_files() -> None:
    offenders = [
        path
        for path, tree in PURE_FILES.items()
        if path.startswith("bot/risk/")
        and not path.endswith("loader.py")
        and "pathlib" in imported_modules(tree)
    ]
    assert offenders == []


def test_the_walk_sees_every_pure_module() -> None:
    assert {
        "bot/engine/interpreter.py",
        "bot/engine/model.py",
        "bot/engine/instruments/scoring.py",
        "bot/risk/check.py",
        "bot/spec/parse.py",
    } <= set(PURE_FILES)
