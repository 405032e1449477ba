"""An emulator built over a people file keeps its simulated people across restarts, and
update ids start where it is told."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiogram import Bot

from bot.sandbox import BotApiEmulator, serve
from bot.sandbox.roster import RosterError
from tests.support.loopback import LoopbackSession

TOKEN = "123456:TEST-token"


def test_people_outlive_the_emulator_that_made_them(tmp_path: Path) -> None:
    people = tmp_path / "data" / "sandbox-people.json"
    first = BotApiEmulator(TOKEN, people_file=people)
    first.add_user(100_000_001, "Madina", last_name="K", username="madina", language_code="kk")
    first.add_user(100_000_002, "Dana").block()

    again = BotApiEmulator(TOKEN, people_file=people)
    kept = again.world.people
    assert sorted(kept) == [100_000_001, 100_000_002]
    madina = kept[100_000_001]
    assert (madina.first_name, madina.last_name, madina.username, madina.language_code) == (
        "Madina",
        "K",
        "madina",
        "kk",
    )
    assert kept[100_000_002].blocked_bot
    # Each is in their own chat again, ready to write.
    assert again.world.chat(100_000_001).private_with is madina


def test_an_unreadable_people_file_says_what_to_do(tmp_path: Path) -> None:
    people = tmp_path / "sandbox-people.json"
    people.write_text("{not json", encoding="utf-8")
    with pytest.raises(RosterError, match="delete the file"):
        BotApiEmulator(TOKEN, people_file=people)


async def test_update_ids_start_where_the_emulator_is_told(tmp_path: Path) -> None:
    emulator = BotApiEmulator(TOKEN, first_update_id=1_000)
    user = emulator.add_user(1001, "Ali")
    emulator.world.person_says(user.person, "hello")
    async with serve(emulator.make_app()) as url:
        bot = Bot(TOKEN, session=LoopbackSession(url))
        try:
            [update] = await bot.get_updates(timeout=0)
        finally:
            await bot.session.close()
    assert update.update_id == 1_000
