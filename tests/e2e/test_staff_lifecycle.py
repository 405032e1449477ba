"""A counsellor leaves and comes back, end to end over the emulator: `qadam staff
deactivate` hands their cases to whoever is on duty (told as of a new case), refuses their
commands, buttons and replies, and is audited; `qadam staff invite` brings them back."""

from __future__ import annotations

import json
from typing import Any

from bot import staff_tools
from bot.i18n import texts
from bot.sandbox.emulator import BotApiEmulator
from tests.support.chat import tap_on, wait_for_bot
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_in
from tests.support.staff import linked
from tests.support.tables import table_rows


async def rows(database_url: str, table: str) -> list[dict[str, Any]]:
    found = sorted(await table_rows(database_url, table), key=lambda row: row["id"])
    for row in found:
        # Raw SQL hands back JSON as text on SQLite.
        if isinstance(row.get("detail"), str):
            row["detail"] = json.loads(row["detail"])
    return found


async def test_a_departed_counsellors_case_goes_to_a_colleague_and_their_link_stops(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    leaving = await linked(emu, bot, 5557001, "Aigul", languages=("en",), on_duty=True)
    person = emu.add_user(5557003, "Madina")
    await onboard_in(person, "en")
    await person.send("I want to die")
    [notice] = [m for m in leaving.messages() if m.buttons()]
    await leaving.tap(texts.CASE_CLAIM)
    staying = await linked(emu, bot, 5557002, "Saule", languages=("en",), on_duty=True)
    [aigul, saule] = [row["code"] for row in await rows(database_url, "staff")]
    [held] = await rows(database_url, "participants")
    assert held["counsellor_id"] is not None  # the first to claim became their counsellor

    before = len(staying.messages())
    departure = await staff_tools.deactivate_staff(bot.settings, aigul)
    assert departure is not None and departure.already is None
    [handed] = departure.cases
    assert (handed.person, handed.severity, handed.to) == (held["code"], "high", saule)
    [told] = await wait_for_bot(staying, before)
    assert held["code"] in told.text and told.buttons()[0]["text"] == texts.CASE_CLAIM

    [case] = await rows(database_url, "escalations")
    [member, _] = await rows(database_url, "staff")
    assert (case["status"], case["claimed_at"]) == ("open", None)
    [held] = await rows(database_url, "participants")
    assert held["counsellor_id"] is None
    assert member["deactivated_at"] is not None and not member["on_duty"]
    assert member["chat_enc"] is None  # nothing more is ever sent to them
    audit = [(row["action"], row["detail"]) for row in await rows(database_url, "audit_log")]
    assert ("requeued", {"to": saule}) in audit
    assert ("deactivated", {"cases": 1}) in audit

    # Their link no longer works: commands, the buttons they still see, replies.
    for command in ("/duty", "/cases", f"/case {held['code']}", f"/reply {held['code']} hi"):
        [refused] = await leaving.send(command)
        assert refused.text == texts.STAFF_DEACTIVATED
    [refused] = await tap_on(emu, leaving, notice, texts.CASE_CLAIM)
    assert refused.text == texts.STAFF_DEACTIVATED
    [case] = await rows(database_url, "escalations")
    assert (case["status"], case["staff_id"]) == ("open", member["id"] + 1)

    # Nothing about the case reaches them any more; the colleague takes it from here.
    seen = len(leaving.messages())
    await staying.tap(texts.CASE_CLAIM)
    await person.send("are you there?")
    assert len(leaving.messages()) == seen

    # Again: deactivating twice does nothing more.
    again = await staff_tools.deactivate_staff(bot.settings, aigul)
    assert again is not None and again.already is not None and again.cases == ()


async def test_a_departed_member_comes_back_with_a_new_invite(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    member = await linked(emu, bot, 5557101, "Aigul", languages=("ru",))
    [code] = [row["code"] for row in await rows(database_url, "staff")]
    await staff_tools.deactivate_staff(bot.settings, code)
    [refused] = await member.send("/duty")  # in the language they read the bot in
    catalogs = bot.assembly.services.catalogs
    assert (
        refused.text == catalogs.gettext("ru", texts.STAFF_DEACTIVATED) != texts.STAFF_DEACTIVATED
    )
    [roster] = await staff_tools.list_staff(bot.settings)
    assert (roster.code, roster.linked, roster.on_duty) == (code, False, False)
    assert roster.deactivated_at is not None

    made = await staff_tools.invite_staff(bot.settings, code.lower())
    assert made is not None
    [roster] = await staff_tools.list_staff(bot.settings)
    assert roster.invite_until is not None and roster.deactivated_at is not None
    [welcome] = await member.send(f"/staff {made[1]}")
    assert welcome.text.startswith(f"Вы подключены: консультант {code}")
    [on_duty] = await member.send("/duty")
    assert on_duty.text == catalogs.gettext("ru", texts.STAFF_ON_DUTY)
    [roster] = await staff_tools.list_staff(bot.settings)
    assert (roster.linked, roster.on_duty, roster.deactivated_at) == (True, True, None)
    actions = [row["action"] for row in await rows(database_url, "audit_log")]
    assert actions == ["linked", "deactivated", "invited", "linked", "on-duty"]


async def test_a_new_invite_links_a_new_account_and_the_old_one_is_nobodys(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    old_phone = await linked(emu, bot, 5557201, "Aigul", languages=("en",))
    [code] = [row["code"] for row in await rows(database_url, "staff")]
    made = await staff_tools.invite_staff(bot.settings, code)
    assert made is not None
    [still] = await old_phone.send("/cases")  # works until the new invite is redeemed
    assert still.text == texts.STAFF_CASES_NONE
    new_phone = emu.add_user(5557202, "Aigul")
    [welcome] = await new_phone.send(f"/staff {made[1]}")
    assert welcome.text.startswith(f"You are linked as counsellor {code}")
    [stranger] = await old_phone.send("/cases")
    assert stranger.text != texts.STAFF_CASES_NONE  # the old account is nobody's now
    [member] = await rows(database_url, "staff")
    assert member["deactivated_at"] is None


async def test_with_nobody_left_on_duty_a_departed_counsellors_urgent_case_reaches_supervisors(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    leaving = await linked(emu, bot, 5557301, "Aigul", languages=("en",), on_duty=True)
    supervisor = await linked(emu, bot, 5557302, "Dana", "supervisor", ("en",))
    person = emu.add_user(5557303, "Madina")
    await onboard_in(person, "en")
    await person.send("I want to die")
    await leaving.tap(texts.CASE_CLAIM)
    [aigul, _] = [row["code"] for row in await rows(database_url, "staff")]
    before = len(supervisor.messages())
    departure = await staff_tools.deactivate_staff(bot.settings, aigul)
    assert departure is not None and [case.to for case in departure.cases] == [None]
    [told] = await wait_for_bot(supervisor, before)
    [held] = await rows(database_url, "participants")
    assert held["code"] in told.text
