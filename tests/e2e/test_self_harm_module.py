"""The self-harm module over the real bot: /library offers it to an adolescent under
"Staying safe" and not to an adult, and "I need help now" opens a high-severity case for
self-harm (a reason counsellors read in words) and keeps the person in the counsellor flow,
on each kind of database."""

from __future__ import annotations

from bot.sandbox.emulator import BotApiEmulator
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_in
from tests.support.tables import table_rows

MODULE = "When you want to hurt yourself · 3 min"


async def test_an_adolescent_finds_it_under_staying_safe_and_reaches_a_counsellor(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(5561001, "Test")
    await onboard_in(user, "en", age="adolescent")
    await user.send("/library")
    await user.tap("Staying safe")
    assert MODULE in user.buttons()
    await user.tap(MODULE)
    replies = await user.tap("I need help now")
    assert any("A counsellor will write to you here" in m.text for m in replies)
    [case] = await table_rows(database_url, "escalations")
    assert (case["severity"], case["reason"]) == ("high", "self_harm")
    # The counsellor flow's waiting step follows, so the person is not left alone.
    assert "I'll just wait" in user.buttons()


async def test_an_adult_is_not_offered_it(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    user = emu.add_user(5561002, "Test")
    await onboard_in(user, "en")
    await user.send("/library")
    await user.tap("Staying safe")
    modules = user.buttons()
    assert modules[0].startswith("My safety plan")
    assert MODULE not in modules
