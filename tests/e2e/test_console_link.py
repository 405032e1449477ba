"""`/console` in the bot, end to end over the emulator: a linked member gets a one-time
link to the console the bot runs, which signs them in once; `qadam staff login-link`
prints one for a member who has nobody to ask; a deactivated member gets none."""

from __future__ import annotations

import re

import aiohttp

from bot import staff_tools
from bot.app.console import signin
from bot.sandbox.emulator import BotApiEmulator
from tests.support.chat import wait_for_bot
from tests.support.harness import InProcessBot
from tests.support.staff import linked

LINK = re.compile(r"https?://\S+/console/signin/\S+")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


async def _sign_in(link: str) -> int:
    """What a browser does with the link: open it, press the button; the status after."""
    # `unsafe`: keep cookies from an IP address (the console on loopback), as browsers do.
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        async with browser.get(link) as page:
            token = CSRF.search(await page.text())
            assert page.status == 200 and token is not None
        async with browser.post(
            link, data={"csrf": token.group(1)}, allow_redirects=False
        ) as signed:
            return signed.status


async def test_a_member_asks_for_a_link_and_signs_in_with_it_once(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    aigul = await linked(emu, bot, 5558001, "Aigul", languages=("en",))
    before = len(aigul.messages())
    await aigul.send("/console")
    [said] = await wait_for_bot(aigul, before)
    [link] = LINK.findall(said.text)
    assert link.startswith(bot.assembly.console_url + signin.PATH)
    assert "works once within 5 minutes" in said.text
    assert await _sign_in(link) == 303
    async with aiohttp.ClientSession() as browser, browser.get(link) as again:
        assert again.status == 410
    assert link.rsplit("/", 1)[1] not in bot.logs(), "the link's secret is never logged"


async def test_login_link_prints_a_link_for_an_active_member_only(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    await linked(emu, bot, 5558002, "Dana", role="admin", languages=("en",))
    [member] = await staff_tools.list_staff(bot.settings)
    link = await staff_tools.login_link(bot.settings, member.code.lower())
    assert link is not None and signin.PATH in link
    assert await staff_tools.login_link(bot.settings, "S-NOT-ANY") is None
    await staff_tools.deactivate_staff(bot.settings, member.code)
    assert await staff_tools.login_link(bot.settings, member.code) is None
