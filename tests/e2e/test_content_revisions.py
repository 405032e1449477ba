"""Publishing content to a running bot: a change reaches people without a restart, a
broken one never does, a conversation under way finishes on the revision it started
on, a rollback restores the old text, and a safety-critical change waits for approval."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.app import content_revisions
from bot.app.content_revisions import CLI, NotPublishable, Published
from bot.engine import interpreter
from bot.engine.errors import FlowRuntimeError
from bot.engine.model import Flow
from bot.engine.session import Event, Session
from bot.sandbox.emulator import BotApiEmulator
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_english

FLOWS = Path(__file__).resolve().parents[2] / "flows"
MENU_EN = "What would you like to do?"
NEW_MENU_EN = "What shall we do today?"
WEIGHING_EN = "Is anything weighing on you? You can pick several"
NEW_WEIGHING_EN = "Does anything weigh on you today? You can pick several"
COUNSELLOR_EN = "A counsellor will write to you here"
NEW_COUNSELLOR_EN = "A counsellor will write to you in this chat"
# A publish must reach every running bot within this (the promise).
REACH_SECONDS = 10.0


@pytest.fixture
def bot_settings_changed() -> dict[str, object]:
    """The bot looks for publications every 0.1 s instead of the default 3 s."""
    return {"content_poll_seconds": 0.1}


def edited(name: str, old: str, new: str) -> dict[str, str]:
    text = (FLOWS / f"{name}.yaml").read_text("utf-8")
    assert old in text
    return {name: text.replace(old, new)}


async def publish(bot: InProcessBot, files: dict[str, str], author: str = CLI) -> Published:
    assembly = bot.assembly
    async with assembly.sessionmaker() as db, db.begin():
        return await content_revisions.publish(
            db, files, author=author, now=assembly.clock.now(), locales=assembly.settings.locales
        )


async def reloaded(bot: InProcessBot, flow: str, away_from: str) -> float:
    """Seconds until the running bot holds another revision of `flow` than `away_from`;
    fails after REACH_SECONDS."""
    library = bot.assembly.services.library
    loop = asyncio.get_running_loop()
    started = loop.time()
    while library.revision(flow) == away_from:
        assert loop.time() - started < REACH_SECONDS, f"{flow} not reloaded in time"
        await asyncio.sleep(0.05)
    return loop.time() - started


def revision(bot: InProcessBot, flow: str) -> str:
    return bot.assembly.services.library.revision(flow)


async def test_a_published_menu_text_reaches_the_running_bot_without_a_restart(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    user = emu.add_user(5561001, "Test")
    await onboard_english(user)
    files = edited("menu", f'en: "{MENU_EN}"', f'en: "{NEW_MENU_EN}"')

    before = revision(bot, "menu")
    done = await publish(bot, files)
    seconds = await reloaded(bot, "menu", before)

    assert [rev.name for rev in done.live] == ["menu"]
    assert seconds < REACH_SECONDS
    [menu] = await user.send("/menu")
    assert menu.text == NEW_MENU_EN
    assert "content.reloaded" in bot.logs()


async def test_a_broken_publish_is_refused_and_the_bot_keeps_its_old_text(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    user = emu.add_user(5561002, "Test")
    await onboard_english(user)
    broken = edited("menu", "go: {flow: checkins}", "go: {flow: checkinz}")

    with pytest.raises(NotPublishable) as refused:
        await publish(bot, broken)

    assert "menu.yaml: steps.choose.options" in str(refused.value)
    assert "did you mean 'checkins'" in str(refused.value)
    [menu] = await user.send("/menu")
    assert menu.text == MENU_EN


async def test_a_conversation_under_way_finishes_on_the_revision_it_started_on(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    user = emu.add_user(5561003, "Test")
    await onboard_english(user)
    await user.tap("Check in now")
    files = edited("daily-checkin", WEIGHING_EN, NEW_WEIGHING_EN)

    before = revision(bot, "daily-checkin")
    await publish(bot, files)
    await reloaded(bot, "daily-checkin", before)

    replies = await user.tap("😊 Good")
    assert replies[-1].text.startswith(WEIGHING_EN), "the started check-in keeps its words"
    await user.send("/menu")
    await user.tap("Check in now")
    replies = await user.tap("😊 Good")
    assert replies[-1].text.startswith(NEW_WEIGHING_EN), "a new one starts on the new words"


async def test_a_rollback_restores_the_old_text(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    user = emu.add_user(5561004, "Test")
    await onboard_english(user)
    assembly = bot.assembly
    async with assembly.sessionmaker() as db:
        first = await content_revisions.live_text(db, "menu")
    assert first is not None
    original = revision(bot, "menu")
    await publish(bot, edited("menu", f'en: "{MENU_EN}"', f'en: "{NEW_MENU_EN}"'))
    await reloaded(bot, "menu", original)
    changed = revision(bot, "menu")

    async with assembly.sessionmaker() as db, db.begin():
        await content_revisions.rollback(
            db,
            "menu",
            first[0].id,
            author=CLI,
            now=assembly.clock.now(),
            locales=assembly.settings.locales,
        )
    await reloaded(bot, "menu", changed)
    assert revision(bot, "menu") == original

    [menu] = await user.send("/menu")
    assert menu.text == MENU_EN


async def test_a_safety_critical_change_waits_for_a_second_staff_members_approval(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    user = emu.add_user(5561005, "Test")
    await onboard_english(user)
    files = edited("counsellor", COUNSELLOR_EN, NEW_COUNSELLOR_EN)
    before = revision(bot, "counsellor")

    done = await publish(bot, files, author="S-AAAA")

    [waiting] = done.waiting
    assert not done.live
    async with bot.assembly.sessionmaker() as db:
        live = await content_revisions.live_text(db, "counsellor")
    assert live is not None and NEW_COUNSELLOR_EN not in live[1], "nothing published yet"
    await user.send("/menu")
    replies = await user.tap("Talk to a counsellor")
    assert any(COUNSELLOR_EN in m.text for m in replies), "nothing changed before approval"

    assembly = bot.assembly
    async with assembly.sessionmaker() as db, db.begin():
        await content_revisions.approve(
            db,
            waiting.id,
            by="S-BBBB",
            now=assembly.clock.now(),
            locales=assembly.settings.locales,
        )
    await reloaded(bot, "counsellor", before)
    await user.send("/menu")
    replies = await user.tap("Talk to a counsellor")
    assert any(NEW_COUNSELLOR_EN in m.text for m in replies)


async def test_a_flow_failing_at_run_time_gets_an_apology_and_the_menu_and_is_logged(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    emu, _ = emulator
    user = emu.add_user(5561006, "Test")
    await onboard_english(user)
    await user.tap("Check in now")
    real_step = interpreter.step

    def broken_checkin(flow: Flow, session: Session, event: Event, **kwargs: Any) -> Any:
        if flow.flow == "daily-checkin":
            raise FlowRuntimeError("the check-in broke (injected by the test)")
        return real_step(flow, session, event, **kwargs)

    monkeypatch.setattr(interpreter, "step", broken_checkin)
    replies = await user.tap("😊 Good")

    assert replies[0].text.startswith("Sorry, something went wrong on our side.")
    assert replies[-1].text == MENU_EN
    assert "update.failed" in bot.logs() and "FlowRuntimeError" in bot.logs()
