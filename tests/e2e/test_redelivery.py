"""An update Telegram delivers again after it was handled (a restart before the offset was
confirmed) changes nothing and says nothing."""

from __future__ import annotations

from aiogram.types import Update

from bot.sandbox.emulator import BotApiEmulator
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_in
from tests.support.spies import statements_of
from tests.support.tables import table_rows

PERSON = 5590101


async def test_an_update_handled_before_changes_nothing_when_it_comes_again(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    person = emu.add_user(PERSON, "Zarina")
    await onboard_in(person, "en")
    [menu] = await person.send("/menu")
    handled = [row["update_id"] for row in await table_rows(database_url, "processed_updates")]
    outbox = await table_rows(database_url, "outbox")
    states = await table_rows(database_url, "flow_states")
    said = len(person.messages())
    again = Update.model_validate(
        {
            "update_id": max(handled),
            "message": {
                "message_id": menu.message_id - 1,
                "date": 0,
                "chat": {"id": PERSON, "type": "private"},
                "from": {"id": PERSON, "is_bot": False, "first_name": "Zarina"},
                "text": "/menu",
            },
        }
    )

    await bot.assembly.dispatcher.feed_update(bot.assembly.bot, again)

    assert await table_rows(database_url, "outbox") == outbox
    assert await table_rows(database_url, "flow_states") == states
    assert len(person.messages()) == said


async def test_an_update_is_recorded_by_one_statement_with_its_work(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    """On PostgreSQL the read of who wrote carries the record of the update (a round trip
    fewer for every update, issue #17); on SQLite it is written last, alone, so that the
    database's one write lock is taken as late as it can be."""
    emu, _ = emulator
    person = emu.add_user(PERSON, "Zarina")
    await onboard_in(person, "en")

    with statements_of(bot) as seen:
        assert await person.send("/menu")

    [recorded] = [s for s in seen if "INSERT INTO processed_updates" in s]
    if database_url.startswith("postgresql"):
        assert recorded.startswith("WITH handled AS (INSERT INTO processed_updates")
        assert "FROM participants" in recorded or "JOIN participants" in recorded
        assert recorded == seen[0], "the update is known a repeat before any of its work"
    else:
        assert recorded.startswith("INSERT INTO processed_updates")
        assert recorded != seen[0]
