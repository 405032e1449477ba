"""Wrong staff invite codes, end to end over the emulator: a few are answered plainly, too
many from one account or from everyone pause the tries with a calm word on when to try
again, the audit log counts them without saying whose, and nothing anywhere holds the
Telegram id of whoever sent them."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.i18n import texts
from bot.sandbox.emulator import BotApiEmulator
from tests.support.harness import InProcessBot
from tests.support.staff import invite
from tests.support.tables import every_value, table_rows

GUESSER = 918_273_101


def paused(minutes: int) -> str:
    return texts.STAFF_INVITE_PAUSED[1] % {"num": minutes}


async def audited(database_url: str) -> list[tuple[str, object]]:
    rows = sorted(await table_rows(database_url, "audit_log"), key=lambda row: row["id"])
    # Raw SQL hands back JSON as text on SQLite.
    return [
        (
            row["action"],
            json.loads(row["detail"]) if isinstance(row["detail"], str) else row["detail"],
        )
        for row in rows
    ]


def leaks(cells: list[tuple[str, str, object]], secret: str) -> list[tuple[str, str]]:
    def text(value: object) -> str:
        if isinstance(value, bytes | bytearray | memoryview):
            return bytes(value).decode("latin-1")
        return str(value)

    return [(table, column) for table, column, value in cells if secret in text(value)]


async def test_one_account_is_paused_after_five_wrong_codes_and_told_when_to_try_again(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    guesser = emu.add_user(GUESSER, "Guess", language_code="en")
    for _ in range(4):
        [answer] = await guesser.send("/staff not-a-real-code")
        assert answer.text == texts.STAFF_BAD_INVITE
    [answer] = await guesser.send("/staff not-a-real-code")
    assert answer.text == paused(15)
    # Paused means paused: a right code waits too, and is not even looked up.
    real = await invite(bot, "Aigul", languages=("en",))
    [answer] = await guesser.send(real)
    assert answer.text == paused(15)
    # Someone else is not held back by one account's mistakes.
    colleague = emu.add_user(918_273_102, "Saule", language_code="en")
    [linked] = await colleague.send(await invite(bot, "Saule", languages=("en",)))
    assert linked.text.startswith("You are linked as counsellor S-")

    bot.assembly.clock.advance(timedelta(minutes=15))
    [linked] = await guesser.send(real)
    assert linked.text.startswith("You are linked as counsellor S-")
    assert await table_rows(database_url, "invite_attempts") == []

    wrong = [
        (action, detail) for action, detail in await audited(database_url) if "invite" in action
    ]
    assert [detail for action, detail in wrong if action == "invite-wrong"] == [
        {"recent": n} for n in range(1, 6)
    ]
    [(_, lockout)] = [(a, d) for a, d in wrong if a == "invite-lockout"]
    assert isinstance(lockout, dict) and lockout["scope"] == "account"
    assert leaks(await every_value(database_url), str(GUESSER)) == []
    assert str(GUESSER) not in bot.logs()
    assert '"staff.invite_lockout"' in bot.logs()


async def test_wrong_codes_from_many_accounts_pause_everyone_but_not_the_people_we_serve(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    for n in range(10):
        guesser = emu.add_user(918_273_200 + n, f"Guess {n}", language_code="ru")
        for _ in range(5):
            await guesser.send(f"/staff guess-{n}")
    # The fiftieth wrong code paused every try: a real invite waits ten minutes too.
    newcomer = emu.add_user(918_273_300, "Dana", language_code="kk")
    real = await invite(bot, "Dana", languages=("kk",))
    [answer] = await newcomer.send(real)
    catalogs = bot.assembly.services.catalogs
    assert answer.text == catalogs.ngettext("kk", texts.STAFF_INVITE_PAUSED, 10)
    # The people the bot serves are answered as ever.
    person = emu.add_user(918_273_400, "Madina", language_code="en")
    assert await person.send("/menu")

    bot.assembly.clock.advance(timedelta(minutes=10))
    [linked] = await newcomer.send(real)
    assert linked.text.startswith("Сіз")  # linked, and told so in Kazakh
