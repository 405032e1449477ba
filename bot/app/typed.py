"""A typed message from a person: the one path every word they write takes.

Risk first, before any flow sees the words; then the counsellor they are talking to, or
the flow that waits for an answer; then the reply. The person's conversation is loaded and
decrypted once for all three.
"""

from __future__ import annotations

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import conversations, crisis
from bot.app.context import App
from bot.app.entry import MENU, Sender, enter, resume
from bot.app.text_input import clean
from bot.domain.messaging import tell
from bot.engine.session import Reply, Session
from bot.escalation import cases, relay
from bot.i18n import texts
from bot.risk import check
from bot.spec.severity import RANK
from bot.storage.models import Participant

log = structlog.get_logger()


async def typed_message(
    db: AsyncSession,
    app: App,
    sender: Sender,
    participant: Participant | None,
    raw: str | None,
    suggested_locale: str | None,
) -> None:
    if participant is None:
        await enter(db, app, sender, participant, MENU, suggested_locale=suggested_locale)
        return
    services = app.services
    text = clean(raw)
    if text is None:
        await tell(db, services, participant, texts.NOT_TEXT)
        await resume(db, app, sender, participant)
        return
    session = await conversations.load_session(db, services, participant)
    if await _screen(db, app, participant, session, text, suggested_locale):
        return
    case = await cases.current(db, participant.id)
    if await relay.talking(db, case) and not conversations.awaits_text(services, session):
        assert case is not None
        await relay.from_person(db, services, case, participant, text)
        return
    try:
        await conversations.reply(
            db, services, participant, session, Reply(at=services.clock(), text=text)
        )
    except conversations.NoActiveFlow:
        await enter(db, app, sender, participant, MENU)


async def edited_message(
    db: AsyncSession,
    app: App,
    participant: Participant | None,
    raw: str | None,
    suggested_locale: str | None,
) -> None:
    """A message the person changed afterwards: screened again, since the new words may say
    what the first did not. It answers no question: the flow has moved on since."""
    text = clean(raw)
    if participant is None or text is None:
        return
    session = await conversations.load_session(db, app.services, participant)
    await _screen(db, app, participant, session, text, suggested_locale)


async def _screen(
    db: AsyncSession,
    app: App,
    participant: Participant,
    session: Session | None,
    text: str,
    suggested_locale: str | None,
) -> bool:
    """Check `text` for risk; True when the person was given the crisis card instead.

    A case is opened (or joined) for any signal. High and critical signals also get the
    crisis card at once: contacts, a counsellor, something to do while waiting. Someone
    who has not consented yet gets the card but no case: nothing about them is kept.
    """
    services = app.services
    result = check(app.risk, text, participant.locale)
    if result.severity == "none":
        return False
    log.info(
        "risk.signal", participant=participant.code, severity=result.severity, rules=result.matches
    )
    expectation = None
    if participant.consented_at is not None:
        case = await cases.raise_case(
            db,
            services,
            participant,
            severity=result.severity,
            reasons=list(result.matches),
            signal="text",
            evidence=text,
        )
        expectation = await cases.expectation(db, services, case, participant.locale)
    if RANK[result.severity] < RANK["high"]:
        return False
    await crisis.send_crisis_card(
        db,
        app,
        participant,
        reason="risk",
        in_flow=conversations.in_flow(session),
        expectation=expectation,
        suggested_locale=suggested_locale,
    )
    return True
