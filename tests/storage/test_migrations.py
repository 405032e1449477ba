from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.database import make_engine
from bot.storage.errors import DatabaseUnavailableError
from bot.storage.migrate import HEAD, alembic_config, upgrade, upgrade_async
from bot.storage.models import Base


async def test_upgrade_twice_is_idempotent(database_url: str) -> None:
    await upgrade_async(database_url)
    await upgrade_async(database_url)
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            versions = (
                await connection.execute(text("SELECT version_num FROM alembic_version"))
            ).all()
            tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
    finally:
        await engine.dispose()
    assert len(versions) == 1
    assert set(Base.metadata.tables) <= tables


@pytest.mark.process
async def test_processes_migrating_at_once_all_succeed(database_url: str) -> None:
    """Several bot processes may start together against one database."""
    root = Path(__file__).resolve().parents[2]
    script = f"from bot.storage.migrate import upgrade; upgrade({database_url!r})"
    env = {**os.environ, "PYTHONPATH": str(root)}
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-c", script, cwd=root, env=env, stderr=asyncio.subprocess.PIPE
        )
        for _ in range(3)
    ]
    results = [await process.communicate() for process in processes]
    failures = [
        err.decode() for (_, err), p in zip(results, processes, strict=True) if p.returncode
    ]
    assert failures == []


def test_head_names_the_newest_migration(tmp_path: Path) -> None:
    """Startup trusts `HEAD` to skip Alembic: a new migration must move it too."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'any.sqlite3'}"
    assert ScriptDirectory.from_config(alembic_config(url)).get_current_head() == HEAD


@pytest.mark.process
async def test_a_database_at_head_is_started_without_importing_alembic(database_url: str) -> None:
    """Alembic costs a running bot about 9 MB; a database needing no migration must not
    load it, and one behind is still migrated."""
    await upgrade_async(database_url, "0027")
    root = Path(__file__).resolve().parents[2]
    script = (
        "import asyncio, sys; from bot.storage.migrate import upgrade_async; "
        f"asyncio.run(upgrade_async({database_url!r})); print('alembic' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(root)}

    async def loaded() -> str:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-c", script, cwd=root, env=env, stdout=asyncio.subprocess.PIPE
        )
        out, _ = await process.communicate()
        assert process.returncode == 0
        return out.decode().strip()

    assert await loaded() == "True"  # behind: migrated, with Alembic
    assert await loaded() == "False"  # at head: nothing to do, Alembic never imported


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_migrated_schema_equals_models(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        differences = await connection.run_sync(_differences)
    assert differences == []


async def test_unreachable_postgres_says_what_to_check() -> None:
    # Port 1 on loopback: nothing listens there, so the refusal is immediate.
    url = "postgresql+asyncpg://qadam:s3cret@127.0.0.1:1/qadam"
    with pytest.raises(DatabaseUnavailableError) as caught:
        await upgrade_async(url)
    message = str(caught.value)
    assert "127.0.0.1:1" in message
    assert "DATABASE_URL" in message
    assert "s3cret" not in message


def test_sqlite_in_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(DatabaseUnavailableError, match="QADAM_DATA_DIR or DATABASE_URL"):
        upgrade(f"sqlite+aiosqlite:///{blocker / 'sub' / 'qadam.sqlite3'}")


async def test_the_latest_migration_downgrades_and_upgrades_again(database_url: str) -> None:
    """A release can be rolled back: the newest revision's downgrade undoes its upgrade,
    keeping the rows of the tables it leaves, and upgrading again leaves the schema of
    the models."""
    await upgrade_async(database_url)
    head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    engine = make_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO staff (code, name_enc, role, languages, on_duty, created_at) "
                    "VALUES ('S-AAA-AAA', :name, 'counsellor', 'ru', false, :at)"
                ),
                {"name": b"\x01sealed", "at": datetime(2026, 12, 1, tzinfo=UTC)},
            )
        await asyncio.to_thread(command.downgrade, alembic_config(database_url), "-1")
        await upgrade_async(database_url)
        async with engine.connect() as connection:
            codes = (await connection.execute(text("SELECT code FROM staff"))).scalars().all()
            versions = (
                await connection.execute(text("SELECT version_num FROM alembic_version"))
            ).all()
            differences = await connection.run_sync(_differences)
    finally:
        await engine.dispose()
    assert codes == ["S-AAA-AAA"]
    assert versions == [(head,)]
    assert differences == []


THEN = datetime(2026, 1, 1, tzinfo=UTC)


async def test_0011_gives_every_person_a_salt_and_empties_messages_done_with(
    database_url: str,
) -> None:
    await upgrade_async(database_url, "0010")
    engine = make_engine(database_url)
    try:
        async with engine.begin() as connection:
            for number, code in enumerate(["AAA-AAA", "BBB-BBB"], start=1):
                await connection.execute(
                    text(
                        "INSERT INTO participants (id, key, code, chat_enc, reminders, created_at,"
                        " updated_at) VALUES (:id, :key, :code, :chat, 'active', :at, :at)"
                    ),
                    {"id": number, "key": code, "code": code, "chat": b"x", "at": THEN},
                )
            for status in ("pending", "sent", "failed", "expired"):
                await connection.execute(
                    text(
                        "INSERT INTO outbox (recipient, method, payload_enc, priority, status,"
                        " attempts, not_before, created_at) VALUES ('s:1', 'sendMessage',"
                        " :payload, 0, :status, 0, :at, :at)"
                    ),
                    {"payload": status.encode(), "status": status, "at": THEN},
                )
        await upgrade_async(database_url)
        async with engine.connect() as connection:
            salts = (await connection.execute(text("SELECT log_salt FROM participants"))).all()
            rows = (await connection.execute(text("SELECT status, payload_enc FROM outbox"))).all()
            payloads = {str(status): bytes(payload) for status, payload in rows}
    finally:
        await engine.dispose()
    assert len({bytes(salt) for (salt,) in salts}) == 2
    assert all(len(bytes(salt)) == 16 for (salt,) in salts)
    assert payloads == {
        "pending": b"pending",
        "sent": b"",
        "failed": b"",
        "expired": b"",
    }


async def test_0019_moves_the_wellbeing_check_in_to_every_two_weeks(database_url: str) -> None:
    await upgrade_async(database_url, "0016")
    engine = make_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO participants (id, key, code, chat_enc, log_salt, reminders,"
                    " created_at, updated_at) VALUES (1, 'k', 'AAA-AAA', :chat, :salt, 'active',"
                    " :at, :at)"
                ),
                {"chat": b"x", "salt": b"s" * 16, "at": THEN},
            )
            for kind, flow, every in (
                ("weekly", "checkin-wellbeing", 7),
                ("child", "checkin-child", 7),
            ):
                await connection.execute(
                    text(
                        "INSERT INTO schedules (participant_id, kind, flow, local_time, days,"
                        " every_days, anchor, due_at, act, act_at, missed_in_row, created_at)"
                        " VALUES (1, :kind, :flow, '09:00', '1234567', :every, :day, :at, 'due',"
                        " :at, 0, :at)"
                    ),
                    {"kind": kind, "flow": flow, "every": every, "day": THEN.date(), "at": THEN},
                )
        await upgrade_async(database_url)
        async with engine.connect() as connection:
            rows = (
                await connection.execute(
                    text("SELECT kind, flow, every_days FROM schedules ORDER BY kind")
                )
            ).all()
    finally:
        await engine.dispose()
    assert [tuple(row) for row in rows] == [
        ("child", "checkin-child", 7),
        ("wellbeing", "checkin-wellbeing", 14),
    ]


async def test_0025_makes_a_caregivers_one_child_child_1(database_url: str) -> None:
    await upgrade_async(database_url, "0022")
    engine = make_engine(database_url)
    try:
        async with engine.begin() as connection:
            for number, role, band in ((1, "caregiver", "6-12"), (2, "self", None)):
                await connection.execute(
                    text(
                        "INSERT INTO participants (id, key, code, chat_enc, log_salt, reminders,"
                        " role, child_age_band, created_at, updated_at) VALUES (:id, :key,"
                        " :code, :chat, :salt, 'active', :role, :band, :at, :at)"
                    ),
                    {
                        "id": number,
                        "key": f"k{number}",
                        "code": f"AAA-AA{number}",
                        "chat": b"x",
                        "salt": b"s" * 16,
                        "role": role,
                        "band": band,
                        "at": THEN,
                    },
                )
        await upgrade_async(database_url)
        async with engine.connect() as connection:
            rows = (
                await connection.execute(
                    text("SELECT role, children, child_age_band FROM participants ORDER BY id")
                )
            ).all()
    finally:
        await engine.dispose()
    assert [tuple(row) for row in rows] == [("caregiver", "6-12", "6-12"), ("self", None, None)]
