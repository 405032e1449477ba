"""Staff in end-to-end tests: added as `qadam staff add` adds them, linked by `/staff`."""

from __future__ import annotations

from bot import staff_tools
from bot.sandbox.driver import SimUser
from bot.sandbox.emulator import BotApiEmulator
from tests.support.harness import InProcessBot


async def invite(
    bot: InProcessBot,
    name: str,
    role: str = "counsellor",
    languages: tuple[str, ...] = ("ru",),
    gender: str | None = None,
    timezone: str | None = None,
) -> str:
    """What `qadam staff add` does (`bot.staff_tools.add_staff`) on the bot's database; returns
    the invite command it prints. The command itself runs as a process in tests/browser."""
    _, code = await staff_tools.add_staff(
        bot.settings, name, role, list(languages), gender, timezone=timezone
    )
    return f"/staff {code}"


async def linked(
    emu: BotApiEmulator,
    bot: InProcessBot,
    user_id: int,
    name: str,
    role: str = "counsellor",
    languages: tuple[str, ...] = ("ru",),
    *,
    on_duty: bool = False,
    timezone: str | None = None,
) -> SimUser:
    """A staff member with their own Telegram account, linked, and on duty if asked."""
    member = emu.add_user(user_id, name)
    await member.send(await invite(bot, name, role, languages, timezone=timezone))
    if on_duty:
        await member.send("/duty")
    return member
