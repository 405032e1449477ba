"""A tap on a question's button, a button that cannot be answered, and closing the
buttons of the message tapped."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import conversations
from bot.app.context import App
from bot.app.entry import MENU, Sender, enter, resume
from bot.app.identity import ReadAhead
from bot.domain import participants
from bot.domain.messaging import queue_call, tell
from bot.engine.errors import StaleAnswer
from bot.engine.session import Reply
from bot.i18n import texts
from bot.outbox import messages
from bot.storage.models import Participant


@dataclass(frozen=True)
class Pressed:
    """The message whose button was tapped: its id, its text, the label of that button."""

    message_id: int
    text: str | None
    label: str | None


async def answer(
    db: AsyncSession,
    app: App,
    sender: Sender,
    participant: Participant | None,
    data: str,
    pressed: Pressed | None,
    ahead: ReadAhead | None = None,
) -> None:
    """A button of a flow's question. An old one gets an apology and the current question.
    `ahead`: what was read with the person as the update began."""
    parsed = messages.parse_answer_callback(data)
    if participant is None or parsed is None:
        await stale(db, app, sender, participant)
        return
    services = app.services
    seq, index = parsed
    session = await conversations.load_session(db, services, participant, ahead)
    try:
        outcome = await conversations.reply(
            db, services, participant, session, Reply(at=services.clock(), choice=index, seq=seq)
        )
    except (StaleAnswer, conversations.NoActiveFlow):
        await stale(db, app, sender, participant)
        return
    if not outcome.forgotten:
        await close_chosen(db, app, participant, pressed)


async def stale(
    db: AsyncSession, app: App, sender: Sender, participant: Participant | None
) -> None:
    """A button that leads nowhere now: from an earlier question, about something gone, or
    forged. The person hears so and gets the question that waits, or the menu."""
    if participant is None:
        # A button from a conversation that was erased or never existed here.
        await enter(db, app, sender, participant, MENU)
        return
    await tell(db, app.services, participant, texts.STALE_BUTTON)
    await resume(db, app, sender, participant)


async def close_chosen(
    db: AsyncSession, app: App, participant: Participant, pressed: Pressed | None
) -> None:
    """Replace a message's buttons by the one pressed, so none can be pressed again."""
    if pressed is None or pressed.label is None or pressed.text is None:
        return
    services = app.services
    chat = participants.chat_id(services, participant)
    payload = messages.close_buttons(chat, pressed.message_id, pressed.text, pressed.label)
    await queue_call(db, services, participant, "editMessageText", payload)
