"""The sandbox as `qadam sandbox` composes it (`assemble(..., sandbox=True)`): it never
starts in production nor on a database with real people, and the real bot never starts on
one with simulated people, each refusal changing nothing; restarted, it goes on with its
simulated people and with update ids the bot has not seen."""

from __future__ import annotations

import os
import random
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import func, select, text

from bot import runtime
from bot.app.console import demo
from bot.domain import participants
from bot.domain.services import Services
from bot.engine.loader import Library
from bot.i18n.catalogs import Catalogs
from bot.runtime import Content, assemble
from bot.spec.clock import Clock
from bot.storage.crypto import Cipher
from bot.storage.database import make_engine, make_sessionmaker
from bot.storage.keys import Keys
from bot.storage.migrate import upgrade_async
from bot.storage.models import Participant
from tests.support.harness import bot_settings, running_bot, scrub_environment
from tests.support.onboarding import onboard_in

# The id the chat page gives the first person added (bot/sandbox/control.py).
FIRST_ON_THE_PAGE = 100_000_001


def _services(*, simulated: bool) -> Services:
    keys = Keys(pseudonym=os.urandom(32), encryption=os.urandom(32))
    return Services(
        library=Library({}, {}),
        keys=keys,
        cipher=Cipher(keys.encryption),
        clock=Clock().now,
        rng=random.Random(3),
        catalogs=Catalogs(("en",)),
        simulated=simulated,
    )


async def _enrol(url: str, *, simulated: bool) -> None:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as db, db.begin():
            await participants.enrol(db, _services(simulated=simulated), 100_000_001, 100_000_001)
    finally:
        await engine.dispose()


async def _people(url: str) -> int:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as db:
            return int(await db.scalar(select(func.count()).select_from(Participant)) or 0)
    finally:
        await engine.dispose()


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    scrub_environment(monkeypatch)


async def test_the_sandbox_refuses_production_before_touching_anything(
    tmp_path: Path, content: Content
) -> None:
    settings = bot_settings("", "", tmp_path / "data").model_copy(update={"env": "production"})
    with pytest.raises(SystemExit) as refused:
        async with assemble(settings, sandbox=True, content=content):
            pytest.fail("the sandbox started in production")
    assert str(refused.value) == runtime.PRODUCTION_SANDBOX
    assert not (tmp_path / "data").exists()


async def test_production_refuses_to_start_without_naming_who_runs_it(
    tmp_path: Path, content: Content
) -> None:
    settings = bot_settings("", "", tmp_path / "data").model_copy(
        update={"env": "production", "organisation_name": "Example Care"}
    )
    with pytest.raises(SystemExit) as refused:
        async with assemble(settings, content=content):
            pytest.fail("production started with no contact for the organisation")
    assert str(refused.value) == runtime.PRODUCTION_NO_ORGANISATION
    assert not (tmp_path / "data").exists()


async def test_the_sandbox_refuses_a_database_with_real_people(
    tmp_path: Path, content: Content, migrated_url: str
) -> None:
    await _enrol(migrated_url, simulated=False)
    settings = bot_settings("", migrated_url, tmp_path / "data")
    with pytest.raises(SystemExit) as refused:
        async with assemble(settings, sandbox=True, content=content):
            pytest.fail("the sandbox started on real people")
    message = str(refused.value)
    assert "it holds 1 person who did not come from the sandbox" in message
    assert "QADAM_DATA_DIR=./sandbox-data" in message
    assert await _people(migrated_url) == 1
    assert not (tmp_path / "data" / "secrets").exists()


async def test_the_real_bot_refuses_a_database_with_simulated_people(
    tmp_path: Path, content: Content, migrated_url: str
) -> None:
    await _enrol(migrated_url, simulated=True)
    settings = bot_settings("http://127.0.0.1:9", migrated_url, tmp_path / "data")
    with pytest.raises(SystemExit) as refused:
        async with assemble(settings, content=content):
            pytest.fail("the bot started on simulated people")
    assert "it holds 1 simulated person from the sandbox" in str(refused.value)


async def test_people_from_before_they_were_marked_are_taken_for_real(
    tmp_path: Path, content: Content
) -> None:
    data = tmp_path / "data"
    url = f"sqlite+aiosqlite:///{data / 'qadam.sqlite3'}"
    await upgrade_async(url, "0011")
    await _enrol_before_marking(url)
    with pytest.raises(SystemExit, match="1 person who did not come from the sandbox"):
        async with assemble(bot_settings("", "", data), sandbox=True, content=content):
            pytest.fail("the sandbox started on unmarked people")
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            version = await connection.scalar(text("SELECT version_num FROM alembic_version"))
    finally:
        await engine.dispose()
    assert version == "0011", "a refusal must leave the database as it was"


async def _enrol_before_marking(url: str) -> None:
    engine = make_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO participants (key, code, log_salt, chat_enc, reminders,"
                    " created_at, updated_at) VALUES ('k', 'AAA-AAA', x'00', x'00', 'active',"
                    " '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
                )
            )
    finally:
        await engine.dispose()


async def test_a_restarted_sandbox_goes_on_with_its_people_and_update_ids(
    tmp_path: Path, content: Content, migrated_url: str
) -> None:
    settings = bot_settings("", migrated_url, tmp_path / "data")
    async with running_bot(None, settings, Clock(), content, sandbox=True) as first:
        emulator = first.assembly.emulator
        assert emulator is not None
        await onboard_in(emulator.add_user(FIRST_ON_THE_PAGE, "Madina"), "en")
        handled = emulator.world.updates.last_id

    async with running_bot(None, settings, Clock(), content, sandbox=True) as second:
        emulator = second.assembly.emulator
        assert emulator is not None
        # Madina, and the demo staff the sandbox links at every start.
        demo_staff = {member.user_id for member in demo.DEMO_STAFF}
        assert set(emulator.world.people) == {FIRST_ON_THE_PAGE, *demo_staff}
        madina = emulator.world.people[FIRST_ON_THE_PAGE]
        assert madina.first_name == "Madina"
        # She is answered at once, as herself: her update's id is new to the bot.
        replies = await emulator.user(madina.id).send("/menu")
        assert replies[-1].text == "What would you like to do?"
        assert emulator.world.updates.last_id == handled + 1
        # Someone added on the chat page now does not take her id.
        async with aiohttp.ClientSession() as http:
            added = await http.post(
                f"{second.assembly.console_url}/sandbox/api/users", json={"first_name": "Dana"}
            )
            assert (await added.json())["user"]["id"] == FIRST_ON_THE_PAGE + 1
