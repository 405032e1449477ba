"""SQLite prepares a statement again at every run when a bound parameter is compared with
a column that a partial index's condition names (the plan depends on the value): on the
outbox's hand-over insert, ten times the cost of the insert itself (issue #17). What the
bot runs to answer someone and send the answer writes such values into its text."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Table

from bot.sandbox.emulator import BotApiEmulator
from bot.storage.models import Base
from tests.support.harness import InProcessBot
from tests.support.spies import statements_of

PERSON = 5557602


def _partial_index_columns() -> dict[str, set[str]]:
    """Table by table, the columns named in a partial index's condition on SQLite."""
    found: dict[str, set[str]] = {}
    for table in Base.metadata.tables.values():
        assert isinstance(table, Table)
        for index in table.indexes:
            condition = index.dialect_options["sqlite"].get("where")
            if condition is None:
                continue
            named = {c.name for c in table.c if re.search(rf"\b{c.name}\b", str(condition))}
            found.setdefault(table.name, set()).update(named)
    return found


def _bound_against(statement: str, table: str, column: str) -> bool:
    """Whether `statement` compares `table.column` with a parameter (`= ?`, `IN (?`...)."""
    return bool(
        re.search(rf"\b{table}\.{column}\s*(=|!=|<>|<=|>=|<|>|IN\s*\()\s*\?", statement)
        or re.search(rf"\?\s*(=|!=|<>|<=|>=|<|>)\s*{table}\.{column}\b", statement)
    )


def test_the_outbox_status_is_among_the_columns_looked_for() -> None:
    assert "status" in _partial_index_columns()["outbox"]


async def test_a_reply_compares_no_partial_index_column_with_a_parameter(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    engine = bot.assembly.sessionmaker.kw["bind"]
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's planning; PostgreSQL plans a prepared statement otherwise")
    emu, _ = emulator
    user = emu.add_user(PERSON, "Test")
    with statements_of(bot) as seen:
        # Onboarding: several messages a reply, so that some are queued for the sender's
        # pass as well as handed to it.
        assert await user.send("/start")
        assert await user.tap("English")
        assert await user.send("hello")
    outbox = [s for s in seen if "outbox" in s]
    assert any(s.startswith("INSERT INTO outbox") for s in outbox), "a reply was handed over"
    assert any("row_number()" in s for s in outbox), "the sender made a pass"
    bound = [
        (table, column, statement)
        for table, columns in _partial_index_columns().items()
        for column in columns
        for statement in seen
        if _bound_against(statement, table, column)
    ]
    assert bound == []
