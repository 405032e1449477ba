"""/help answers from any step with the crisis card, and never loses the person's place."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import conversations, crisis
from bot.app.buttons import stale
from bot.app.context import App
from bot.app.entry import Sender, known, resume
from bot.storage.models import Participant

# The card's buttons start these flows; BACK resumes, anything else is stale.
FLOWS = {
    crisis.TALK: crisis.COUNSELLOR_FLOW,
    crisis.CALM: crisis.CALMING_FLOW,
    crisis.GROUNDING: crisis.GROUNDING_FLOW,
}


async def show(
    db: AsyncSession,
    app: App,
    sender: Sender,
    participant: Participant | None,
    suggested_locale: str | None,
) -> None:
    if participant is None:
        participant = await known(db, app, participant, sender)
        participant.locale = suggested_locale
    session = await conversations.load_session(db, app.services, participant)
    await crisis.send_crisis_card(
        db,
        app,
        participant,
        reason="help",
        in_flow=conversations.in_flow(session),
        suggested_locale=suggested_locale,
    )


async def choose(
    db: AsyncSession, app: App, sender: Sender, participant: Participant | None, data: str
) -> None:
    """A button of the card."""
    if participant is None:
        return
    if data not in FLOWS and data != crisis.BACK:
        await stale(db, app, sender, participant)
        return
    flow = FLOWS.get(data)
    # Before consent there is nothing to hand a counsellor and onboarding must not be lost.
    if flow is not None and participant.consented_at:
        await conversations.start(db, app.services, participant, flow)
    else:
        await resume(db, app, sender, participant)
