"""After a conversation with a counsellor: was it helpful, and did anything feel unsafe.

Two taps, both optional. "Unsafe" goes straight to a supervisor: a person must be able to
say a counsellor made them uncomfortable without that counsellor being the one told.
"""

from __future__ import annotations

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.messaging import send_text
from bot.domain.services import Services
from bot.escalation import staff as staff_members
from bot.escalation.cases import audit, reopen
from bot.i18n import texts
from bot.outbox import messages
from bot.outbox.callbacks import fields, row_id
from bot.storage.models import Escalation, Participant

log = structlog.get_logger()

# Callback data: "fb:r:<case id>:<rating>" and "fb:u:<case id>:<y|n>".
PREFIX = "fb:"
RATE = "fb:r:"
UNSAFE = "fb:u:"


async def ask(
    db: AsyncSession, services: Services, case: Escalation, participant: Participant
) -> None:
    locale = participant.locale
    gettext = services.catalogs.gettext
    buttons = [
        (gettext(locale, label), f"{RATE}{case.id}:{value}")
        for value, label in texts.FEEDBACK_RATINGS.items()
    ]
    await send_text(
        db,
        services,
        participant,
        gettext(locale, texts.FEEDBACK_ASK),
        buttons,
        priority=messages.PRIORITY_COUNSELLOR,
    )


def parse(data: str) -> tuple[str, int, str] | None:
    """(kind, case id, value) of a button `ask` or the rating made; None for anything else."""
    parts = fields(data, PREFIX, 3)
    if parts is None:
        return None
    kind, case, value = parts
    case_id = row_id(case)
    offered = {"r": {str(rating) for rating in texts.FEEDBACK_RATINGS}, "u": {"y", "n"}}
    if case_id is None or value not in offered.get(kind, ()):
        return None
    return kind, case_id, value


async def answer(db: AsyncSession, services: Services, participant: Participant, data: str) -> bool:
    """Record one feedback tap; False when it is not one of the buttons offered about one
    of this person's cases."""
    parsed = parse(data)
    case = await db.get(Escalation, parsed[1]) if parsed else None
    if parsed is None or case is None or case.participant_id != participant.id:
        return False
    kind, _, value = parsed
    locale = participant.locale
    gettext = services.catalogs.gettext
    now = services.clock()
    if kind == "r":
        case.rating = int(value)
        await audit(db, case, None, "feedback", {"rating": case.rating}, now)
        buttons = [
            (gettext(locale, texts.FEEDBACK_YES), f"{UNSAFE}{case.id}:y"),
            (gettext(locale, texts.FEEDBACK_NO), f"{UNSAFE}{case.id}:n"),
        ]
        text = gettext(locale, texts.FEEDBACK_UNSAFE_ASK)
        await send_text(db, services, participant, text, buttons)
        return True
    case.felt_unsafe = value == "y"
    await audit(db, case, None, "feedback", {"felt_unsafe": case.felt_unsafe}, now)
    if case.felt_unsafe:
        await _tell_supervisor(db, services, case, participant)
    thanks = texts.FEEDBACK_UNSAFE_THANKS if case.felt_unsafe else texts.FEEDBACK_THANKS
    await send_text(db, services, participant, gettext(locale, thanks))
    return True


async def _tell_supervisor(
    db: AsyncSession, services: Services, case: Escalation, participant: Participant
) -> None:
    """Only supervisors hear of it: those on duty, or every linked one when none is. The
    case becomes a supervisor's to close, reopened if its counsellor had resolved it."""
    linked = [s for s in await staff_members.linked(db) if s.role == "supervisor"]
    present = [s for s in linked if s.on_duty]
    told = present or linked
    if case.status == "resolved":
        await reopen(db, services, case, None)
    if told and (case.staff_id is None or case.staff_id not in {s.id for s in told}):
        case.staff_id = min(told, key=lambda s: s.id).id
    if not told:
        # Kept on the case (felt_unsafe) and in the audit log for the next supervisor.
        log.warning("escalation.unsafe_no_supervisor", case=case.id)
    for boss in told:
        locale = staff_members.interface_locale(boss)
        text = services.catalogs.gettext(locale, texts.STAFF_UNSAFE) % {"code": participant.code}
        await staff_members.send(db, services, boss, text, case_id=case.id, about=participant)
