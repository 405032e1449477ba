"""Referrals: a counsellor sends a person a service's card (the console calls `refer`);
days later the bot asks whether they reached it, and their answer goes to the counsellor."""

from __future__ import annotations

from datetime import timedelta

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.buttons import Pressed, close_chosen, stale
from bot.app.context import App
from bot.app.entry import Sender
from bot.app.plans import NotAllowed, may_care_for
from bot.directory import local_services, referrals
from bot.directory.service_card import card
from bot.domain import participants
from bot.domain.messaging import send_text
from bot.domain.services import Services
from bot.escalation import cases
from bot.escalation import staff as staff_members
from bot.i18n import texts
from bot.outbox import messages
from bot.scheduling.decide import Person
from bot.spec.calendar import QuietHours, zone
from bot.storage.models import Escalation, Participant, Referral, Service, Staff

log = structlog.get_logger()

# A person who paused or stopped scheduled messages is asked this much later instead.
HELD_RETRY = timedelta(days=1)
_ANSWERS = (
    ("reached", texts.REFERRAL_REACHED),
    ("not_reached", texts.REFERRAL_NOT_REACHED),
    ("no_answer", texts.REFERRAL_NO_ANSWER),
)


class UnknownService(LookupError):
    """No active service with that id."""


async def refer(
    db: AsyncSession,
    app: App,
    member: Staff,
    participant: Participant,
    service_id: int,
    *,
    case: Escalation | None = None,
) -> Referral:
    """Send the person the service's card in their language, show the counsellor what was
    sent, and ask the person later whether they reached it. Audited, tied to `case` (or
    the person's latest case) so that erasing them strips the detail with the case's."""
    if not (may_care_for(member, participant) or (case is not None and case.staff_id == member.id)):
        raise NotAllowed(f"{member.code} may not refer this person")
    service = await local_services.get(db, service_id)
    if service is None or not service.active:
        raise UnknownService(f"no active service {service_id}")
    services = app.services
    now = services.clock()
    case = case or await cases.latest(db, participant.id)
    referral = await referrals.create(
        db,
        participant_id=participant.id,
        service_id=service.id,
        staff_id=member.id,
        escalation_id=case.id if case is not None else None,
        now=now,
        follow_up_after=services.policy.referral_follow_up,
    )
    locale = participant.locale
    intro = services.catalogs.gettext(locale, texts.REFERRAL_INTRO)
    await send_text(
        db,
        services,
        participant,
        f"{intro}\n\n{card(services.catalogs, locale, service)}",
        priority=messages.PRIORITY_COUNSELLOR,
        case_id=referral.escalation_id,
    )
    if member.chat_enc is not None:
        # Like a relayed reply: the counsellor sees what the person got, in their language.
        theirs = staff_members.interface_locale(member)
        head = services.catalogs.gettext(theirs, texts.STAFF_REFERRAL_SENT) % {
            "code": participant.code
        }
        await staff_members.send(
            db,
            services,
            member,
            f"{head}\n\n{card(services.catalogs, theirs, service)}",
            case_id=referral.escalation_id,
            about=participant,
        )
    await cases.audit(
        db, case, member, "referral_sent", {"referral": referral.id, "service": service.id}, now
    )
    log.info(
        "referral.sent",
        referral=referral.id,
        service=service.id,
        participant=participants.log_tag(participant),
        staff=member.code,
    )
    return referral


async def ask_due(db: AsyncSession, services: Services) -> int:
    """Ask each person whose referral's day has come whether they reached the service;
    returns how many were asked."""
    now = services.clock()
    asked = 0
    for referral in await referrals.follow_ups_due(db, now):
        participant = await db.get_one(Participant, referral.participant_id)
        person = Person(
            **{name: getattr(participant, name) for name in Person.__dataclass_fields__}
        )
        if person.held(now):
            referral.follow_up_due_at = now + HELD_RETRY
            continue
        quiet, tz = QuietHours.parse(participant.quiet_hours), zone(participant.timezone)
        if quiet is not None and quiet.contains(now, tz):
            # Nothing scheduled at night: asked when their quiet hours end.
            referral.follow_up_due_at = quiet.end_after(now, tz)
            continue
        service = await db.get_one(Service, referral.service_id)
        locale = participant.locale
        gettext = services.catalogs.gettext
        buttons = [
            (gettext(locale, label), referrals.answer_data(referral.id, outcome))
            for outcome, label in _ANSWERS
        ]
        text = gettext(locale, texts.REFERRAL_ASK) % {"name": service.name}
        # Not a reminder's priority, which expires when late: the question keeps for days.
        await send_text(
            db, services, participant, text, buttons, priority=messages.PRIORITY_CONVERSATION
        )
        referral.follow_up_asked_at = now
        asked += 1
    return asked


async def answer(
    db: AsyncSession,
    app: App,
    sender: Sender,
    participant: Participant,
    data: str,
    pressed: Pressed | None,
) -> None:
    """The person's answer: recorded once and passed to the counsellor who referred them.
    A forged, foreign or already answered button is stale."""
    parsed = referrals.parse_answer(data)
    referral = await db.get(Referral, parsed[0]) if parsed is not None else None
    if (
        parsed is None
        or referral is None
        or referral.participant_id != participant.id
        or referral.follow_up_asked_at is None
        or referral.outcome is not None
    ):
        await stale(db, app, sender, participant)
        return
    services = app.services
    outcome = parsed[1]
    referrals.record(referral, outcome, services.clock())
    await close_chosen(db, app, participant, pressed)
    thanks = services.catalogs.gettext(participant.locale, texts.REFERRAL_THANKS[outcome])
    await send_text(db, services, participant, thanks)
    member = await db.get(Staff, referral.staff_id) if referral.staff_id is not None else None
    if member is None or not staff_members.active(member) or member.chat_enc is None:
        return
    service = await db.get_one(Service, referral.service_id)
    locale = staff_members.interface_locale(member)
    gettext = services.catalogs.gettext
    text = gettext(locale, texts.STAFF_REFERRAL_ANSWER) % {
        "code": participant.code,
        "name": service.name,
        "answer": gettext(locale, texts.STAFF_REFERRAL_OUTCOMES[outcome]),
    }
    await staff_members.send(
        db, services, member, text, case_id=referral.escalation_id, about=participant
    )
