"""The sender's per-chat check reads the chat's open rows only, never its history: an
index over open rows, and a query SQLite can match to it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from aiogram import Bot
from sqlalchemy import event
from sqlalchemy.engine import Connection

from bot.app import identity
from bot.outbox import footprints
from bot.outbox.sender import OutboxSender
from bot.storage.crypto import Cipher
from bot.storage.database import make_engine, make_sessionmaker
from bot.storage.migrate import upgrade_async
from tests.outbox.conftest import TOKEN, FakeClock


async def test_the_per_chat_check_reads_only_open_rows_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'plan.sqlite3'}"
    await upgrade_async(url)
    engine = make_engine(url)
    statements: list[tuple[str, Any]] = []
    clock = FakeClock()

    def capture(_conn: Connection, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", capture)
    try:
        # Only the query is looked at: nothing is sent.
        bot = Bot(TOKEN)
        sender = OutboxSender(make_sessionmaker(engine), Cipher(os.urandom(32)), bot, clock)
        await sender._due()
        ((due, parameters),) = [(s, p) for s, p in statements if "FROM outbox" in s]
        async with engine.connect() as connection:
            plan = " | ".join(
                row[-1]
                for row in await connection.exec_driver_sql("EXPLAIN QUERY PLAN " + due, parameters)
            )
    finally:
        await bot.session.close()
        await engine.dispose()
    # The earlier rows of the same chat are looked up among open rows, not all of them.
    assert "earlier USING INDEX ix_outbox_open_recipient" in plan, plan


async def test_marking_a_chat_answered_reads_only_its_unanswered_messages_on_sqlite(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'plan.sqlite3'}"
    await upgrade_async(url)
    engine = make_engine(url)
    statements: list[tuple[str, Any]] = []

    def capture(_conn: Connection, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", capture)
    try:
        async with make_sessionmaker(engine)() as db:
            await footprints.answered(db, 1, FakeClock()())
        ((answered, parameters),) = [(s, p) for s, p in statements if "chat_traces" in s]
        async with engine.connect() as connection:
            plan = " | ".join(
                row[-1]
                for row in await connection.exec_driver_sql(
                    "EXPLAIN QUERY PLAN " + answered, parameters
                )
            )
    finally:
        await engine.dispose()
    assert "USING INDEX ix_chat_traces_unanswered" in plan, plan


async def test_finding_who_wrote_reads_only_their_unanswered_messages_and_cases_on_sqlite(
    tmp_path: Path,
) -> None:
    """The statement every update begins with also asks whether a counsellor's message waits
    and whether a case is open (`bot.app.identity`): each by an index, never the person's
    whole history."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'plan.sqlite3'}"
    await upgrade_async(url)
    engine = make_engine(url)
    try:
        compiled = identity._WHO.compile(dialect=engine.dialect)
        values = compiled.construct_params({"participant_key": "p", "staff_key": "s"})
        parameters = tuple(values[name] for name in compiled.positiontup or ())
        async with engine.connect() as connection:
            plan = " | ".join(
                row[-1]
                for row in await connection.exec_driver_sql(
                    "EXPLAIN QUERY PLAN " + str(compiled), parameters
                )
            )
    finally:
        await engine.dispose()
    assert "SEARCH chat_traces USING INDEX ix_chat_traces_unanswered" in plan, plan
    assert "SEARCH escalations USING INDEX ix_escalations_participant_id" in plan, plan
    assert "SEARCH flow_states USING INTEGER PRIMARY KEY" in plan, plan
