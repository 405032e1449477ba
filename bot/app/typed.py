"""A typed message from a person: the one path every word they write takes.

Risk first, before any flow sees the words; then the counsellor they are talking to, or
the flow that waits for an answer; then the reply. The person's conversation is loaded and
decrypted once for all three.
"""

from __future__ import annotations

from enum import Enum

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import conversations, crisis
from bot.app.context import App
from bot.app.entry import MENU, Sender, enter, resume
from bot.app.identity import ReadAhead
from bot.app.text_input import clean
from bot.domain import participants
from bot.domain.messaging import send_text, tell
from bot.engine.session import Reply, Session
from bot.escalation import cases, relay
from bot.i18n import texts
from bot.risk import check
from bot.spec.severity import RANK
from bot.storage.models import Escalation, Participant

log = structlog.get_logger()


async def typed_message(
    db: AsyncSession,
    app: App,
    sender: Sender,
    participant: Participant | None,
    raw: str | None,
    suggested_locale: str | None,
    ahead: ReadAhead | None = None,
) -> None:
    """`ahead`: what was read with the person as the update began."""
    if participant is None:
        await enter(db, app, sender, participant, MENU, suggested_locale=suggested_locale)
        return
    services = app.services
    text = clean(raw)
    if text is None:
        await tell(db, services, participant, texts.NOT_TEXT)
        await resume(db, app, sender, participant)
        return
    session = await conversations.load_session(db, services, participant, ahead)
    signal = await _screen(db, app, participant, session, text, suggested_locale)
    if signal is Signal.CARD:
        return
    awaits_text = conversations.awaits_text(services, session)
    # An answer the flow waits for is the flow's, whoever the person is talking to: their
    # case is looked up only for words that could be for a counsellor.
    if not awaits_text:
        case = await _open_case(db, participant, ahead, signal)
        if await relay.talking(db, case):
            assert case is not None
            await relay.from_person(db, services, case, participant, text)
            return
    if signal is Signal.ACKNOWLEDGED and not awaits_text:
        # The words were not an answer: the question comes back, without a reproach.
        await resume(db, app, sender, participant)
        return
    try:
        await conversations.reply(
            db, services, participant, session, Reply(at=services.clock(), text=text)
        )
    except conversations.NoActiveFlow:
        if signal is Signal.NONE and participant.consented_at is not None:
            text, talk = crisis.unplaced(services.catalogs, participant.locale)
            await send_text(db, services, participant, text, talk)
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


async def _open_case(
    db: AsyncSession, participant: Participant, ahead: ReadAhead | None, signal: Signal
) -> Escalation | None:
    # Known from the start of the update unless screening has since raised or joined one.
    if ahead is not None and not ahead.open_case and signal is Signal.NONE:
        return None
    return await cases.current(db, participant.id)


class Signal(Enum):
    """What screening did: nothing, a warm word (medium and low), or the crisis card."""

    NONE = "none"
    ACKNOWLEDGED = "acknowledged"
    CARD = "card"


async def _screen(
    db: AsyncSession,
    app: App,
    participant: Participant,
    session: Session | None,
    text: str,
    suggested_locale: str | None,
) -> Signal:
    """Check `text` for risk and answer what it signals.

    A case is opened (or joined) for any signal. High and critical signals get the crisis
    card at once: contacts, a counsellor, something to do while waiting. Medium and low
    ones get a warm word that someone will read it, when, and how to talk now. Someone who
    has not consented yet gets the same answers but no case: nothing about them is kept.
    """
    services = app.services
    result = check(app.risk, text, participant.locale)
    if result.severity == "none":
        return Signal.NONE
    log.info(
        "risk.signal",
        participant=participants.log_tag(participant),
        severity=result.severity,
        rules=result.matches,
    )
    if _expects_hard_words(app, session) and result.severity != "critical":
        # Writing down one's warning signs is the point of the step: a counsellor is told,
        # quietly, and the plan goes on. Explicit intent still gets the card below.
        if participant.consented_at is not None:
            await cases.raise_case(
                db,
                services,
                participant,
                severity="low",
                reasons=list(result.matches),
                signal="text",
                evidence=text,
            )
        return Signal.NONE
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
        await _acknowledge(db, app, participant, expectation)
        return Signal.ACKNOWLEDGED
    await crisis.send_crisis_card(
        db,
        app,
        participant,
        reason="risk",
        in_flow=conversations.in_flow(session),
        expectation=expectation,
        suggested_locale=suggested_locale,
        categories=result.categories,
    )
    return Signal.CARD


def _expects_hard_words(app: App, session: Session | None) -> bool:
    if session is None or session.status != "active" or session.step is None:
        return False
    return conversations.flow_of(app.services, session).steps[session.step].hard_words


async def _acknowledge(
    db: AsyncSession, app: App, participant: Participant, expectation: str | None
) -> None:
    """Medium and low: thanks, that a counsellor will read it and when (only once a case
    could be opened, after consent), a counsellor now if they want one, and /help."""
    gettext = app.services.catalogs.gettext
    locale = participant.locale
    parts = [gettext(locale, texts.SIGNAL_THANKS)]
    buttons: list[tuple[str, str]] = []
    if expectation is not None:
        parts += [gettext(locale, texts.SIGNAL_PASSED_ON), expectation]
        buttons.append((gettext(locale, texts.CRISIS_TALK), crisis.TALK))
    parts.append(gettext(locale, texts.SIGNAL_HELP))
    await send_text(db, app.services, participant, "\n\n".join(parts), buttons)
