"""The person's side of a conversation with a counsellor: ending it, and the feedback after."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.buttons import Pressed, close_chosen, stale
from bot.app.context import App
from bot.app.entry import Sender, resume
from bot.domain.messaging import tell
from bot.escalation import cases, feedback, relay
from bot.i18n import texts
from bot.storage.models import Escalation, Participant


async def end_by_command(
    db: AsyncSession, app: App, sender: Sender, participant: Participant
) -> None:
    """/end: stop talking with the counsellor."""
    case = await cases.current(db, participant.id)
    if not await _end(db, app, case, participant):
        await tell(db, app.services, participant, texts.RELAY_NOT_TALKING)
        await resume(db, app, sender, participant)


async def end_by_button(
    db: AsyncSession, app: App, sender: Sender, participant: Participant, data: str
) -> None:
    """The "end the conversation" button under a counsellor's message."""
    case_id = relay.parse_end(data)
    case = await db.get(Escalation, case_id) if case_id is not None else None
    if case is None or case.participant_id != participant.id:
        await stale(db, app, sender, participant)
        return
    if not await _end(db, app, case, participant):
        await tell(db, app.services, participant, texts.RELAY_NOT_TALKING)


async def rate(
    db: AsyncSession,
    app: App,
    sender: Sender,
    participant: Participant,
    data: str,
    pressed: Pressed | None,
) -> None:
    """A tap on the feedback asked after a conversation ended."""
    if await feedback.answer(db, app.services, participant, data):
        await close_chosen(db, app, participant, pressed)
    else:
        await stale(db, app, sender, participant)


async def _end(
    db: AsyncSession, app: App, case: Escalation | None, participant: Participant
) -> bool:
    return case is not None and await relay.end(db, app.services, case, participant, None)
