"""A case always reaches a person, tried in `qadam sandbox` as a new user would: with nobody
on duty a person writes that she wants to die, and the counsellor who then goes on duty
gets the case at once; a Kyrgyz speaker reaches the Russian-speaking counsellor; and "felt
unsafe" reaches the supervisor, never the counsellor. Screenshots at phone and desktop
widths are kept for a person to look at."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from playwright.async_api import Locator, Page, expect

from bot.i18n import texts
from bot.i18n.catalogs import Catalogs
from bot.spec.locales import ALL_LOCALES
from tests.browser.sandbox import (
    STEP_TIMEOUT_MS,
    Sandbox,
    add_person,
    assert_stops_cleanly,
    shoot,
)
from tests.browser.sandbox import start_chat as open_chat
from tests.browser.test_sandbox_counsellor import CODE, say, switch_to, tap
from tests.support.onboarding import taps_in
from tests.support.process import qadam

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

CATALOGS = Catalogs(ALL_LOCALES)


def tr(locale: str, message: str) -> str:
    return CATALOGS.gettext(locale, message)


def staff_add(tmp_path: Path, name: str, role: str, languages: str) -> str:
    """`qadam staff add` against the sandbox's database, as an admin would run it."""
    options = ["--name", name, "--role", role, "--languages", languages]
    done = qadam("staff", "add", *options, env={"QADAM_DATA_DIR": str(tmp_path / "data")})
    assert done.returncode == 0, done.stderr
    [command] = re.findall(r"/staff \S+", done.stdout)
    return str(command)


async def join_as_staff(
    page: Page, log: Locator, tmp_path: Path, name: str, role: str, languages: str
) -> None:
    command = await asyncio.to_thread(staff_add, tmp_path, name, role, languages)
    await add_person(page, name, "ru")
    await switch_to(page, name, "ru")
    await say(page, command)
    await expect(log.locator(".bubble-bot")).to_have_count(1, timeout=STEP_TIMEOUT_MS)


async def test_nobody_on_duty_kyrgyz_to_russian_and_felt_unsafe_in_the_sandbox(
    page: Page, sandbox: Sandbox, tmp_path: Path
) -> None:
    # Nobody is on duty: Dana writes that she wants to die, and is told so honestly.
    log = await open_chat(page, sandbox, "Dana", "ru")
    for choice in taps_in("ru"):
        await tap(log, choice)
    await say(page, "хочу умереть")
    card = log.locator(".bubble-bot").filter(has_text="112").last
    await expect(card).to_contain_text(tr("ru", texts.REPLY_OFF_DUTY), timeout=STEP_TIMEOUT_MS)
    await shoot(page, "reaching-staff-1-off-duty-card")

    # A counsellor joins, goes on duty, and the case is there at once, with Claim.
    await join_as_staff(page, log, tmp_path, "Aigul", "counsellor", "ru")
    await say(page, "/duty")
    waiting = tr("ru", texts.STAFF_WAITING) % {"count": "1"}
    await expect(log.locator(".bubble-bot").filter(has_text=waiting)).to_be_visible(
        timeout=STEP_TIMEOUT_MS
    )
    notice = log.locator(".bubble-bot").filter(has_text=tr("ru", texts.REASON_WORDS["suicide"]))
    await expect(notice.last).to_be_visible(timeout=STEP_TIMEOUT_MS)
    dana = CODE.search(await notice.last.inner_text())
    assert dana is not None
    await shoot(page, "reaching-staff-2-on-duty-gets-the-case")
    await tap(log, tr("ru", texts.CASE_CLAIM))

    # A Kyrgyz speaker reaches the Russian-speaking counsellor on duty.
    await add_person(page, "Aida", "ky")
    await switch_to(page, "Aida", "ky")
    await say(page, "/start")
    for choice in taps_in("ky", country="KG"):
        await tap(log, choice)
    await say(page, "өлгүм келет")
    on_duty = tr("ky", texts.REPLY_ON_DUTY).split("%(")[0]
    card = log.locator(".bubble-bot").filter(has_text="112").last
    await expect(card).to_contain_text(on_duty, timeout=STEP_TIMEOUT_MS)
    await shoot(page, "reaching-staff-3-kyrgyz-card")
    await switch_to(page, "Aigul", "ru")
    notices = log.locator(".bubble-bot").filter(has_text=tr("ru", texts.REASON_WORDS["suicide"]))
    await expect(notices).to_have_count(2, timeout=STEP_TIMEOUT_MS)
    aida = CODE.search(await notices.last.inner_text())
    assert aida is not None and aida.group(0) != dana.group(0)
    await tap(log, tr("ru", texts.CASE_CLAIM))
    await say(page, f"/reply {aida.group(0)} Здравствуйте, я рядом.")

    # A supervisor is linked but off duty; Aida says the conversation felt unsafe.
    await join_as_staff(page, log, tmp_path, "Saule", "supervisor", "ru")
    await switch_to(page, "Aida", "ky")
    relayed = log.locator(".bubble-bot").filter(has_text="Здравствуйте, я рядом.")
    await expect(relayed.last).to_be_visible(timeout=STEP_TIMEOUT_MS)
    await tap(log, tr("ky", texts.RELAY_END))
    await tap(log, tr("ky", texts.FEEDBACK_RATINGS[1]))
    await tap(log, tr("ky", texts.FEEDBACK_YES))
    await expect(log.locator(".bubble-bot").last).to_contain_text(
        tr("ky", texts.FEEDBACK_UNSAFE_THANKS), timeout=STEP_TIMEOUT_MS
    )

    await switch_to(page, "Saule", "ru")
    warning = tr("ru", texts.STAFF_UNSAFE) % {"code": aida.group(0)}
    await expect(log.locator(".bubble-bot").filter(has_text=warning)).to_be_visible(
        timeout=STEP_TIMEOUT_MS
    )
    await shoot(page, "reaching-staff-4-supervisor-told")
    await switch_to(page, "Aigul", "ru")
    await expect(log.locator(".bubble-bot").last).not_to_contain_text("⚠️")
    assert "⚠️" not in await log.inner_text()
    await shoot(page, "reaching-staff-5-counsellor-not-told")
    await assert_stops_cleanly(sandbox)
