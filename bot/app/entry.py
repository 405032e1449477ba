"""Entering flows: /start, /menu, /settings, /language, /library, /forget, and the way
back to where a person was."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import conversations
from bot.app.context import App
from bot.domain import participants
from bot.engine import screens
from bot.storage.models import Participant

ONBOARDING = "onboarding"
MENU = "menu"
SETTINGS = "settings"
FORGET = "forget"
LIBRARY = screens.LIBRARY

# Commands that open a flow (or the library screen) at a step.
ENTRIES: dict[str, tuple[str, str | None]] = {
    "start": (MENU, None),
    "menu": (MENU, None),
    "settings": (SETTINGS, None),
    "language": (SETTINGS, "language"),
    "library": (LIBRARY, None),
}


@dataclass(frozen=True)
class Sender:
    """Who wrote, and where to answer: only ever used to enrol, never kept as is."""

    user_id: int
    chat_id: int


async def known(
    db: AsyncSession, app: App, participant: Participant | None, sender: Sender
) -> Participant:
    """The participant, enrolled now if this is their first word to the bot."""
    if participant is not None:
        return participant
    return await participants.enrol(db, app.services, sender.user_id, sender.chat_id)


async def enter(
    db: AsyncSession,
    app: App,
    sender: Sender,
    participant: Participant | None,
    flow: str,
    *,
    step: str | None = None,
    suggested_locale: str | None = None,
) -> None:
    """Start `flow`; someone who has not finished onboarding (or is new) is onboarded first."""
    participant = await known(db, app, participant, sender)
    if participant.consented_at is None:
        flow, step = ONBOARDING, None
    await conversations.start(
        db, app.services, participant, flow, step=step, suggested_locale=suggested_locale
    )


async def command(
    db: AsyncSession,
    app: App,
    sender: Sender,
    participant: Participant | None,
    name: str,
    suggested_locale: str | None,
) -> None:
    """One of the `ENTRIES` commands."""
    flow, step = ENTRIES[name]
    await enter(db, app, sender, participant, flow, step=step, suggested_locale=suggested_locale)


async def resume(db: AsyncSession, app: App, sender: Sender, participant: Participant) -> None:
    """Ask the current question again, or show the menu when nothing is waiting."""
    try:
        await conversations.reprompt(db, app.services, participant)
    except conversations.NoActiveFlow:
        await enter(db, app, sender, participant, MENU)


async def forget(db: AsyncSession, app: App, participant: Participant | None) -> None:
    """/forget: the flow that asks to confirm, then erases."""
    if participant is None:
        return  # nothing is held about someone we have never seen
    await conversations.start(db, app.services, participant, FORGET)


async def onboarding_first(
    db: AsyncSession,
    app: App,
    sender: Sender,
    participant: Participant | None,
    suggested_locale: str | None,
) -> None:
    """Someone who has not agreed yet asked for something that needs their consent: they
    are taken to onboarding instead."""
    await enter(db, app, sender, participant, MENU, suggested_locale=suggested_locale)
